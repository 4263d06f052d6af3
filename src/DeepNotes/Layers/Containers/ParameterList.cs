using System.Collections;
using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// An indexed list of parameters (<c>nn.ParameterList</c>): they are named <c>0</c>, <c>1</c>, ... so a
/// <c>state_dict</c> lists them as <c>0</c>, <c>1</c> (or <c>scales.0</c> when registered as <c>scales</c>), as PyTorch
/// does. Each tensor becomes a parameter that requires grad and is seen by optimizers and serialization.
/// </summary>
public sealed class ParameterList : Module, IReadOnlyList<Tensor>
{
    private int _count;

    /// <summary>An empty list; <see cref="Add"/> appends.</summary>
    public ParameterList()
    {
    }

    /// <summary>A list of <paramref name="parameters"/>, named by position.</summary>
    /// <exception cref="ArgumentException">A tensor is not a floating-point leaf.</exception>
    public ParameterList(params IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters) Add(p);
    }

    /// <summary>The number of parameters.</summary>
    public int Count => _count;

    /// <summary>The parameter at <paramref name="index"/> (negative counts from the end); the live tensor, after any <see cref="Module.To(DType)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [−Count, Count).</exception>
    public Tensor this[int index]
    {
        get
        {
            if (index < -_count || index >= _count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"ParameterList: index {index} is out of range for {_count} parameters.");
            return GetParameter((index < 0 ? index + _count : index).ToString(CultureInfo.InvariantCulture))!;
        }
    }

    /// <summary>Appends a parameter named by its position; it is made to require grad.</summary>
    /// <returns>The registered tensor.</returns>
    /// <exception cref="ArgumentException">The tensor is not a floating-point leaf.</exception>
    public Tensor Add(Tensor parameter)
    {
        var p = RegisterParameter(_count.ToString(CultureInfo.InvariantCulture), parameter);
        _count++;
        return p;
    }

    /// <inheritdoc/>
    public IEnumerator<Tensor> GetEnumerator()
    {
        for (int i = 0; i < _count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string Describe() => $"ParameterList(count: {Count})";
}
