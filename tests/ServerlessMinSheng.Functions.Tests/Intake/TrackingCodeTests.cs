using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Tests.Intake;

public class TrackingCodeTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void GeneratedCodesAreTenCharactersThatPassTheirCheck()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => TrackingCode.New(TrackingCode.NewBucket())).ToList();

        Assert.All(codes, c => Assert.True(TrackingCode.TryNormalize(c, out var n) && n == c && c.Length == 10));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void EverySingleMistypedCharacterIsCaught()
    {
        var code = TrackingCode.For(TrackingCode.BucketFor("k"), "k");

        for (var position = 0; position < code.Length; position++)
        {
            foreach (var replacement in Alphabet.Where(c => c != code[position]))
            {
                var typo = code[..position] + replacement + code[(position + 1)..];
                Assert.False(TrackingCode.TryNormalize(typo, out _), $"{typo} should fail its check");
            }
        }
    }

    [Fact]
    public void SwappingTwoNeighbouringCharactersIsCaught()
    {
        var caught = 0;
        var swaps = 0;
        foreach (var code in Enumerable.Range(0, 300).Select(i => TrackingCode.For(TrackingCode.BucketFor($"b{i}"), $"k{i}")))
        {
            for (var i = 0; i + 1 < code.Length; i++)
            {
                if (code[i] == code[i + 1])
                {
                    continue;
                }

                swaps++;
                var swapped = code[..i] + code[i + 1] + code[i] + code[(i + 2)..];
                caught += TrackingCode.TryNormalize(swapped, out _) ? 0 : 1;
            }
        }

        // Luhn mod 32 misses only the swap of the two symbols whose doubled values wrap into each other.
        Assert.True(caught >= swaps * 0.95, $"{caught} of {swaps} transpositions caught");
    }

    [Fact]
    public void WhatPeopleTypeIsReadForgiving()
    {
        var code = TrackingCode.For(TrackingCode.BucketFor("x"), "y");
        var typed = TrackingCode.Display(code).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');

        Assert.True(TrackingCode.TryNormalize("  " + typed + "  ", out var normalized));
        Assert.Equal(code, normalized);
        Assert.False(TrackingCode.TryNormalize(code[..9], out _));
        Assert.False(TrackingCode.TryNormalize(code + "U", out _));
    }

    [Fact]
    public void SequenceCodesInOneBucketNeverCollideAndStableKeysAlwaysGiveTheSameCode()
    {
        var bucket = TrackingCode.BucketFor("import|abc|0|0");

        var sequence = Enumerable.Range(0, 5000).Select(i => TrackingCode.ForSequence(bucket, i)).ToList();

        Assert.Equal(5000, sequence.Distinct().Count());
        Assert.All(sequence, c => Assert.Equal(bucket, TrackingCode.Bucket(c)));
        Assert.Equal(TrackingCode.For(bucket, "partner|p|1"), TrackingCode.For(bucket, "partner|p|1"));
        Assert.NotEqual(TrackingCode.For(bucket, "partner|p|1"), TrackingCode.For(bucket, "partner|p|2"));
    }
}
