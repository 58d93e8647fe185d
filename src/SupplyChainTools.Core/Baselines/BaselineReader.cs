using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Reads a baseline file as a stream: the header on open, then the entries one line at a time (memory bounded
    /// by the longest allowed line, not by the number of entries), checking canonical order, the trailer's entry
    /// count and SHA-256 at the end. Any problem is a <see cref="BaselineFormatException"/> that names it.
    /// </summary>
    public sealed class BaselineReader : IDisposable
    {
        /// <summary>No line of a baseline may be longer than this (a path of 4096 UTF-8 bytes, escaped, is far below it).</summary>
        public const int MaxLineLength = 256 * 1024;

        private static readonly byte[] TrailerPrefix = System.Text.Encoding.ASCII.GetBytes("{\"trailer\":");
        private readonly Stream _stream;
        private readonly RunningSha256 _content = new RunningSha256();
        private readonly RunningSha256 _whole = new RunningSha256();
        private byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private bool _eof;
        private long _lineNumber;
        private bool _entriesStarted;

        private BaselineReader(string path, CancellationToken cancellationToken)
        {
            Path = System.IO.Path.GetFullPath(path);
            try
            {
                _stream = FileSystem.InputFileOpener.Open(Path, FileSystem.InputKind.Baseline, cancellationToken);
            }
            catch
            {
                _content.Dispose();
                _whole.Dispose();
                throw;
            }

            try
            {
                Header = ReadHeader();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string Path { get; }

        public BaselineHeader Header { get; }

        /// <summary>Entries read so far.</summary>
        public long EntryCount { get; private set; }

        /// <summary>The SHA-256 of the whole file, once <see cref="ReadEntries"/> has finished.</summary>
        public string? Digest { get; private set; }

        /// <summary>Opens a baseline through <see cref="FileSystem.InputFileOpener"/>: a pipe, device or directory is refused, reads honour the token.</summary>
        public static BaselineReader Open(string path, CancellationToken cancellationToken = default) => new BaselineReader(path, cancellationToken);

        /// <summary>
        /// The entries in file order; throws when the file is out of order, corrupted, truncated or does not match
        /// its trailer. The last check happens at the end: read the whole file first (see <see cref="BaselineTrust"/>)
        /// before acting on entries from an untrusted file.
        /// </summary>
        public IEnumerable<BaselineEntry> ReadEntries(CancellationToken cancellationToken = default)
        {
            if (_entriesStarted)
            {
                throw new InvalidOperationException("The entries can be read once.");
            }

            _entriesStarted = true;
            BaselineEntry? previous = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!NextLine(out int offset, out int length, out bool terminated))
                {
                    throw Fail(BaselineProblem.Truncated, $"it ends after {EntryCount.ToString("N0", CultureInfo.InvariantCulture)} entries without its trailer (the file is truncated).");
                }

                if (IsTrailer(offset, length))
                {
                    if (!terminated)
                    {
                        throw Fail(BaselineProblem.Truncated, "its trailer line is incomplete (the file is truncated).");
                    }

                    FinishWithTrailer(offset, length);
                    yield break;
                }

                if (!terminated)
                {
                    throw Fail(BaselineProblem.Truncated, $"it ends in the middle of line {_lineNumber.ToString(CultureInfo.InvariantCulture)} (the file is truncated).");
                }

                JsonLine line = ParseLine(offset, length);
                BaselineEntry entry;
                try
                {
                    entry = BaselineEntryCodec.FromLine(line, Header);
                }
                catch (FormatException ex)
                {
                    throw Fail(BaselineProblem.Corrupted, $"line {_lineNumber.ToString(CultureInfo.InvariantCulture)} is not a valid entry: {ex.Message}");
                }

                if (previous != null && BaselineOrder.Instance.Compare(previous, entry) >= 0)
                {
                    throw Fail(BaselineProblem.Corrupted, $"line {_lineNumber.ToString(CultureInfo.InvariantCulture)} ('{entry.Path}') is out of canonical order or repeats an entry (the file was edited or corrupted).");
                }

                Hash(offset, length + 1, content: true);
                previous = entry;
                EntryCount++;
                yield return entry;
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _content.Dispose();
            _whole.Dispose();
        }

        private BaselineHeader ReadHeader()
        {
            if (!NextLine(out int offset, out int length, out bool terminated) || !terminated)
            {
                throw Fail(BaselineProblem.NotABaseline, "it is empty or has no complete header line.");
            }

            JsonLine line = ParseLine(offset, length);
            BaselineHeader header;
            try
            {
                header = BaselineHeader.FromLine(line);
            }
            catch (BaselineFormatException ex)
            {
                throw Fail(ex.Problem, ex.Message);
            }
            catch (FormatException ex)
            {
                throw Fail(BaselineProblem.Corrupted, "its header is invalid: " + ex.Message);
            }

            Hash(offset, length + 1, content: true);
            return header;
        }

        private void FinishWithTrailer(int offset, int length)
        {
            JsonLine trailer = ParseLine(offset, length);
            Hash(offset, length + 1, content: false);
            if (NextLine(out _, out _, out _))
            {
                throw Fail(BaselineProblem.Corrupted, "there is data after its trailer.");
            }

            string contentDigest = Hashing.HexConverter.ToUpperHex(_content.GetHashAndReset());
            Digest = Hashing.HexConverter.ToUpperHex(_whole.GetHashAndReset());
            long? count;
            string? recorded;
            try
            {
                count = trailer.GetNumber("entries");
                recorded = trailer.GetString("sha256");
            }
            catch (FormatException ex)
            {
                throw Fail(BaselineProblem.Corrupted, "its trailer is invalid: " + ex.Message);
            }

            if (recorded == null || count == null)
            {
                throw Fail(BaselineProblem.Corrupted, "its trailer has no entry count or no SHA-256.");
            }

            if (!string.Equals(recorded, contentDigest, StringComparison.OrdinalIgnoreCase))
            {
                throw Fail(BaselineProblem.Modified, $"its content does not match the SHA-256 in its trailer (recorded {recorded}, computed {contentDigest}): it was edited or corrupted.");
            }

            if (count.Value != EntryCount)
            {
                throw Fail(BaselineProblem.Corrupted, $"its trailer says {count.Value.ToString(CultureInfo.InvariantCulture)} entries but it holds {EntryCount.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        private bool IsTrailer(int offset, int length)
        {
            if (length < TrailerPrefix.Length)
            {
                return false;
            }

            for (int i = 0; i < TrailerPrefix.Length; i++)
            {
                if (_buffer[offset + i] != TrailerPrefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private JsonLine ParseLine(int offset, int length)
        {
            try
            {
                return JsonLine.Parse(_buffer, offset, length);
            }
            catch (FormatException ex)
            {
                throw Fail(BaselineProblem.Corrupted, $"line {_lineNumber.ToString(CultureInfo.InvariantCulture)} is not valid: {ex.Message}");
            }
        }

        private void Hash(int offset, int count, bool content)
        {
            if (content)
            {
                _content.AppendData(_buffer, offset, count);
            }

            _whole.AppendData(_buffer, offset, count);
        }

        /// <summary>The next line (without its newline) in the buffer; <paramref name="terminated"/> is false for a last line with no newline.</summary>
        private bool NextLine(out int offset, out int length, out bool terminated)
        {
            while (true)
            {
                int newline = _start < _end ? Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start) : -1;
                if (newline >= 0)
                {
                    offset = _start;
                    length = newline - _start;
                    terminated = true;
                    _start = newline + 1;
                    _lineNumber++;
                    return true;
                }

                if (_eof)
                {
                    offset = _start;
                    length = _end - _start;
                    terminated = false;
                    _start = _end;
                    if (length == 0)
                    {
                        return false;
                    }

                    // Hash the unterminated tail as it is, so a caller that reports it sees consistent digests.
                    _lineNumber++;
                    return true;
                }

                if (_end - _start >= MaxLineLength)
                {
                    throw Fail(BaselineProblem.Corrupted, $"line {(_lineNumber + 1).ToString(CultureInfo.InvariantCulture)} is longer than {MaxLineLength.ToString(CultureInfo.InvariantCulture)} bytes.");
                }

                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineLength + 1));
                }

                int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    _eof = true;
                }
                else
                {
                    _end += read;
                }
            }
        }

        private BaselineFormatException Fail(BaselineProblem problem, string reason)
        {
            return new BaselineFormatException(problem, $"The baseline '{Path}' is refused: {reason}");
        }
    }
}
