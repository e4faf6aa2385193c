using System.Globalization;
using System.Text;

namespace ServerlessMinSheng.Analyzer.Tests.Redaction;

/// <summary>Generates valid personal data (checksums right) and look-alikes that are not personal data.</summary>
internal sealed class PiiGenerator(int seed)
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly string[] Regions = ["110105", "310104", "430102", "440305", "510107", "320106"];
    private const string Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    private const string PlateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private readonly Random _random = new(seed);

    public string Digits(int count)
    {
        var sb = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            sb.Append((char)('0' + _random.Next(10)));
        }

        return sb.ToString();
    }

    public string Mobile()
    {
        var number = "1" + "3456789"[_random.Next(7)] + Digits(9);
        return _random.Next(4) switch
        {
            0 => number,
            1 => $"{number[..3]}-{number[3..7]}-{number[7..]}",
            2 => $"{number[..3]} {number[3..7]} {number[7..]}",
            _ => "+86 " + number,
        };
    }

    public string Landline() => _random.Next(3) switch
    {
        0 => $"0{_random.Next(10, 99)}-{_random.Next(2, 9)}{Digits(7)}",
        1 => $"(0{_random.Next(100, 999)}){_random.Next(2, 9)}{Digits(6)}",
        _ => $"0{_random.Next(100, 999)}-{_random.Next(2, 9)}{Digits(7)}",
    };

    public string IdNumber(bool validChecksum = true)
    {
        var birth = new DateTime(1940, 1, 1).AddDays(_random.Next(365 * 70));
        var body = Regions[_random.Next(Regions.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Digits(3);
        var sum = body.Select((c, i) => (c - '0') * IdWeights[i]).Sum();
        var check = "10X98765432"[sum % 11];
        if (!validChecksum)
        {
            check = check == '0' ? '1' : '0';
        }

        return body + check;
    }

    public string BankCard(bool validLuhn = true, bool grouped = false)
    {
        var body = "62" + Digits(_random.Next(2) == 0 ? 13 : 16);
        var check = LuhnCheckDigit(body);
        if (!validLuhn)
        {
            check = (check + 1) % 10;
        }

        var number = body + check;
        return grouped ? string.Join(' ', number.Chunk(4).Select(c => new string(c))) : number;
    }

    public string Email() => $"{"abcxyz"[_random.Next(6)]}{Digits(4)}.user@{(_random.Next(2) == 0 ? "qq.com" : "mail.example.cn")}";

    public string Plate() =>
        $"{Provinces[_random.Next(Provinces.Length)]}{PlateLetters[_random.Next(PlateLetters.Length)]}{_random.Next(10)}{PlateLetters[_random.Next(PlateLetters.Length)]}{Digits(3)}";

    public string UnitAddress() => _random.Next(4) switch
    {
        0 => $"{_random.Next(1, 30)}号楼{_random.Next(1, 6)}单元{_random.Next(1, 30)}0{_random.Next(1, 5)}室",
        1 => $"{_random.Next(1, 30)}栋{_random.Next(1, 6)}单元{_random.Next(1, 30)}0{_random.Next(1, 5)}",
        2 => $"G{_random.Next(1, 9)}栋{_random.Next(1, 30)}0{_random.Next(1, 5)}",
        _ => $"{_random.Next(1, 30)}幢{_random.Next(1, 30)}0{_random.Next(1, 5)}室",
    };

    /// <summary>Dates, times, amounts and counts written the ways residents write them.</summary>
    public string NotPersonal() => _random.Next(14) switch
    {
        0 => $"20{_random.Next(10, 25)}-{_random.Next(1, 13):D2}-{_random.Next(1, 29):D2}",
        1 => $"20{_random.Next(10, 25)}年{_random.Next(1, 13)}月{_random.Next(1, 29)}日",
        2 => $"20{_random.Next(10, 25)}{_random.Next(1, 13):D2}{_random.Next(1, 29):D2}",
        3 => $"{_random.Next(0, 24):D2}:{_random.Next(0, 60):D2}:{_random.Next(0, 60):D2}",
        4 => $"{_random.Next(1, 100000)}元",
        5 => $"¥{_random.Next(1, 999)},{Digits(3)}.{Digits(2)}",
        6 => $"{_random.Next(1, 99)}.{_random.Next(1, 9)}万元",
        7 => $"1{_random.Next(3, 9)}{Digits(9)}元",
        8 => $"共有{_random.Next(10, 5000)}户",
        9 => $"{_random.Next(1000, 99999)}人",
        10 => $"{_random.Next(1, 30)}号楼",
        11 => $"住在{_random.Next(1, 30)}楼",
        12 => $"20{_random.Next(10, 25)}-{_random.Next(1, 13):D2}-{_random.Next(1, 29):D2} {_random.Next(0, 24):D2}:{_random.Next(0, 60):D2}",
        _ => $"第{_random.Next(1, 30)}栋楼",
    };

    private static int LuhnCheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }
}
