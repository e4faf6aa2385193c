using System.Runtime.CompilerServices;

namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>
/// Read-only map from 64-bit feature keys to indices: open addressing with linear probing over
/// one flat array of 8-byte entries (a 32-bit fingerprint of the key and the index), so a
/// lookup usually touches a single cache line. Classification does one lookup per n-gram,
/// about four per character, and this was its largest cost with a <see cref="Dictionary{TKey, TValue}"/>.
/// The fingerprint is the key's high half and the slot comes from its low bits, so two keys
/// are confused only if they agree on both, with odds of about one in 2^32 per probe: harmless
/// for a classifier, which is all this table serves.
/// </summary>
internal sealed class KeyIndexTable
{
    private readonly Entry[] _entries;
    private readonly int _mask;

    public KeyIndexTable(ulong[] keys)
    {
        var capacity = 16;
        while (capacity < keys.Length * 2)
        {
            capacity <<= 1;
        }

        _entries = new Entry[capacity];
        Array.Fill(_entries, new Entry(0, -1));
        _mask = capacity - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = Slot(keys[i]);
            while (_entries[slot].Index >= 0)
            {
                slot = (slot + 1) & _mask;
            }

            _entries[slot] = new Entry(Fingerprint(keys[i]), i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(ulong key)
    {
        var slot = Slot(key);
        var fingerprint = Fingerprint(key);
        while (true)
        {
            var entry = _entries[slot];
            if (entry.Index < 0 || entry.Fingerprint == fingerprint)
            {
                return entry.Index;
            }

            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key ^ (key >> 17)) & (ulong)_mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Fingerprint(ulong key) => (uint)(key >> 32);

    private readonly record struct Entry(uint Fingerprint, int Index);
}
