namespace ServerlessMinSheng.Analyzer.Features;

/// <summary>A feature vector as parallel arrays of ascending indices and their values.</summary>
public sealed class SparseVector
{
    public static readonly SparseVector Empty = new([], []);

    public SparseVector(int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException("Indices and values must have the same length.", nameof(values));
        }

        Indices = indices;
        Values = values;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    public int Count => Indices.Length;

    public float Dot(float[] dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        var sum = 0f;
        for (var i = 0; i < Indices.Length; i++)
        {
            sum += dense[Indices[i]] * Values[i];
        }

        return sum;
    }

    public float SquaredNorm()
    {
        var sum = 0f;
        foreach (var v in Values)
        {
            sum += v * v;
        }

        return sum;
    }

    /// <summary>Cosine of two vectors with ascending indices (a merge, no dense buffer).</summary>
    public static float Cosine(SparseVector a, SparseVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        float dot = 0f;
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var ai = a.Indices[i];
            var bj = b.Indices[j];
            if (ai == bj)
            {
                dot += a.Values[i++] * b.Values[j++];
            }
            else if (ai < bj)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        var norm = MathF.Sqrt(a.SquaredNorm() * b.SquaredNorm());
        return norm > 0 ? dot / norm : 0f;
    }
}
