namespace Realtime.Client.SockJs.Framing;

/// <summary>
/// Collects a response body read in chunks and hands out each complete <c>\n</c>-terminated line (the HTTP
/// transports' framing), without the newline. Partial lines wait for the next chunk.
/// </summary>
internal sealed class LineSplitter
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>Room to read the next chunk into; grows when a line outgrows the buffer.</summary>
    public Memory<byte> Free()
    {
        if (_start > 0 && _end == _buffer.Length)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="Free"/> as filled.</summary>
    public void Advance(int count) => _end += count;

    /// <summary>The next complete line, if there is one.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        var newline = pending.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (pending.IsEmpty)
            {
                _start = _end = 0;
            }

            line = default;
            return false;
        }

        line = pending[..newline];
        _start += newline + 1;
        return true;
    }

    /// <summary>Whether bytes of an unfinished line are waiting.</summary>
    public bool HasPartialLine => _end > _start;

    /// <summary>Drops everything (a new response starts clean).</summary>
    public void Clear() => _start = _end = 0;
}
