using System.Runtime.CompilerServices;

namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// Read-only map from 64-bit feature keys to indices: open addressing with linear probing in
/// two flat arrays. Classification does one lookup per n-gram (about four per character), and
/// this is several times faster than <see cref="Dictionary{TKey, TValue}"/> for that.
/// </summary>
internal sealed class KeyIndexTable
{
    private readonly ulong[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    public KeyIndexTable(ulong[] keys)
    {
        var capacity = 16;
        while (capacity < keys.Length * 2)
        {
            capacity <<= 1;
        }

        _keys = new ulong[capacity];
        _values = new int[capacity];
        Array.Fill(_values, -1);
        _mask = capacity - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = Slot(keys[i]);
            while (_values[slot] >= 0)
            {
                if (_keys[slot] == keys[i])
                {
                    throw new ArgumentException("Duplicate feature key.", nameof(keys));
                }

                slot = (slot + 1) & _mask;
            }

            _keys[slot] = keys[i];
            _values[slot] = i;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(ulong key)
    {
        var slot = Slot(key);
        while (true)
        {
            var value = _values[slot];
            if (value < 0 || _keys[slot] == key)
            {
                return value;
            }

            slot = (slot + 1) & _mask;
        }
    }

    // FNV output is well mixed in its high bits; fold them down before masking.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key ^ (key >> 29) ^ (key >> 47)) & (ulong)_mask);
}
