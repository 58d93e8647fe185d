using System;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>
    /// A read-only view of an opened input file that checks the cancellation token on every read and stops at the
    /// input kind's bounds: the total length (a file may grow, or report 0 like /proc files, after it was checked)
    /// and, for inputs read line by line, the bytes between two line feeds.
    /// </summary>
    internal sealed class BoundedInputStream : Stream
    {
        private readonly FileStream _inner;
        private readonly string _path;
        private readonly InputKind _kind;
        private readonly long? _maximumLength;
        private readonly int? _maximumLine;
        private readonly CancellationToken _cancellationToken;
        private long _read;
        private long _lineLength;

        public BoundedInputStream(FileStream inner, string path, InputKind kind, CancellationToken cancellationToken)
        {
            _inner = inner;
            _path = path;
            _kind = kind;
            _maximumLength = InputFileOpener.MaximumLength(kind);
            _maximumLine = InputFileOpener.MaximumLineLength(kind);
            _cancellationToken = cancellationToken;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException("An input file is read once, from the start.");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_maximumLength != null)
            {
                // Ask for one byte past the limit at most, so an overlong file is noticed without reading it all.
                count = (int)Math.Min(count, _maximumLength.Value + 1 - _read);
                if (count <= 0)
                {
                    throw new InputFileTooLargeException(_path, InputFileOpener.Describe(_kind), _maximumLength.Value, null);
                }
            }

            int read = _inner.Read(buffer, offset, count);
            _read += read;
            if (_maximumLength != null && _read > _maximumLength.Value)
            {
                throw new InputFileTooLargeException(_path, InputFileOpener.Describe(_kind), _maximumLength.Value, null);
            }

            if (_maximumLine != null)
            {
                CheckLines(buffer, offset, read);
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An input file is read once, from the start.");

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void CheckLines(byte[] buffer, int offset, int count)
        {
            if (count == 0)
            {
                return;
            }

            int lastFeed = Array.LastIndexOf(buffer, (byte)'\n', offset + count - 1, count);
            if (lastFeed < 0)
            {
                _lineLength += count;
            }
            else
            {
                int firstFeed = Array.IndexOf(buffer, (byte)'\n', offset, count);
                if (_lineLength + (firstFeed - offset) > _maximumLine!.Value || (count > _maximumLine.Value && LongestInnerLine(buffer, firstFeed, lastFeed) > _maximumLine.Value))
                {
                    throw new InputFileTooLargeException(_path, InputFileOpener.Describe(_kind), _maximumLine.Value);
                }

                _lineLength = offset + count - 1 - lastFeed;
            }

            if (_lineLength > _maximumLine!.Value)
            {
                throw new InputFileTooLargeException(_path, InputFileOpener.Describe(_kind), _maximumLine.Value);
            }
        }

        private static int LongestInnerLine(byte[] buffer, int firstFeed, int lastFeed)
        {
            int longest = 0;
            int start = firstFeed + 1;
            while (start <= lastFeed)
            {
                int next = Array.IndexOf(buffer, (byte)'\n', start, lastFeed - start + 1);
                longest = Math.Max(longest, next - start);
                start = next + 1;
            }

            return longest;
        }
    }
}
