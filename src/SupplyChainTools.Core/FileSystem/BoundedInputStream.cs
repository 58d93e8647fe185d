using System;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>
    /// A read-only view of an opened input file that checks the cancellation token on every read and stops at the
    /// input kind's bound on the total length (a file may grow, or report 0 like /proc files, after it was checked).
    /// Inputs read as a stream of lines have no total bound; their readers bound each line.
    /// </summary>
    internal sealed class BoundedInputStream : Stream
    {
        private readonly FileStream _inner;
        private readonly string _path;
        private readonly InputKind _kind;
        private readonly long? _maximumLength;
        private readonly CancellationToken _cancellationToken;
        private long _read;

        public BoundedInputStream(FileStream inner, string path, InputKind kind, CancellationToken cancellationToken)
        {
            _inner = inner;
            _path = path;
            _kind = kind;
            _maximumLength = InputFileOpener.MaximumLength(kind);
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
    }
}
