using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// The LSTM gate kernels of <see cref="RecurrentLstm"/> split over the worker threads by batch rows, for steps with
/// enough elements to pay for a fork/join (the workers are usually still awake from the step's GEMM). Rows are
/// independent, so the result does not depend on the split.
/// </summary>
internal static unsafe class RecurrentParallel
{
    /// <summary>Elements of one <c>[n, h]</c> state below which a part is not worth a thread.</summary>
    private const int MinElementsPerPart = 2048;

    private static int Parts(int n, int hidden) => Math.Min(Math.Min(WorkerPool.MaxThreads, n), n * hidden / MinElementsPerPart);

    /// <summary><see cref="RecurrentLstm.Forward{T}"/> over the threads.</summary>
    public static void LstmForward<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h, int n, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int parts = Parts(n, hidden);
        if (parts <= 1)
        {
            RecurrentLstm.Forward(gates, cPrev, c, tanhC, h, n, hidden);
            return;
        }
        fixed (T* g = gates, cp = cPrev, cc = c, tc = tanhC, hh = h)
        {
            var job = LstmJob<T>.Instance;
            job.Set(backward: false, g, cp, cc, tc, hh, null, null, n, hidden, parts);
            WorkerPool.Run(job, parts);
        }
    }

    /// <summary><see cref="RecurrentLstm.Backward{T}"/> over the threads.</summary>
    public static void LstmBackward<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> tanhC, ReadOnlySpan<T> gOut,
        ReadOnlySpan<T> dhRec, Span<T> dc, Span<T> dGates, int n, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int parts = Parts(n, hidden);
        if (parts <= 1)
        {
            RecurrentLstm.Backward(gates, cPrev, tanhC, gOut, dhRec, dc, dGates, n, hidden);
            return;
        }
        fixed (T* g = gates, cp = cPrev, tc = tanhC, go = gOut, dr = dhRec, d = dc, dg = dGates)
        {
            var job = LstmJob<T>.Instance;
            job.Set(backward: true, g, cp, tc, go, dr, d, dg, n, hidden, parts);
            WorkerPool.Run(job, parts);
        }
    }

    /// <summary>One reusable job per calling thread; the pointers are pinned by the caller for the duration of the run.</summary>
    private sealed class LstmJob<T> : ParallelWork where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static LstmJob<T>? t_instance;

        public static LstmJob<T> Instance => t_instance ??= new LstmJob<T>();

        private bool _backward;
        private T* _a, _b, _c, _d, _e, _f, _g;
        private int _n, _hidden, _parts;

        public void Set(bool backward, T* a, T* b, T* c, T* d, T* e, T* f, T* g, int n, int hidden, int parts)
        {
            _backward = backward;
            _a = a; _b = b; _c = c; _d = d; _e = e; _f = f; _g = g;
            _n = n; _hidden = hidden; _parts = parts;
        }

        public override void Execute(int index)
        {
            int r0 = (int)((long)_n * index / _parts), rows = (int)((long)_n * (index + 1) / _parts) - r0, h = _hidden;
            int gOff = r0 * 4 * h, sOff = r0 * h, gLen = rows * 4 * h, sLen = rows * h;
            if (!_backward)
            {
                // gates, cPrev, c, tanhC, h
                RecurrentLstm.Forward(new Span<T>(_a + gOff, gLen), new ReadOnlySpan<T>(_b + sOff, sLen), new Span<T>(_c + sOff, sLen),
                    new Span<T>(_d + sOff, sLen), new Span<T>(_e + sOff, sLen), rows, h);
            }
            else
            {
                // gates, cPrev, tanhC, gOut, dhRec, dc, dGates
                RecurrentLstm.Backward(new ReadOnlySpan<T>(_a + gOff, gLen), new ReadOnlySpan<T>(_b + sOff, sLen), new ReadOnlySpan<T>(_c + sOff, sLen),
                    new ReadOnlySpan<T>(_d + sOff, sLen), new ReadOnlySpan<T>(_e + sOff, sLen), new Span<T>(_f + sOff, sLen),
                    new Span<T>(_g + gOff, gLen), rows, h);
            }
        }
    }
}
