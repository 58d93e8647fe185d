using System;
using System.IO;

namespace SupplyChainTools.Core.Archives
{
    /// <summary>A read-only, forward-only view of a byte range of a seekable stream (one zip entry's data).</summary>
    internal sealed class ZipRangeStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _start;
        private readonly long _length;
        private long _position;

        public ZipRangeStream(Stream inner, long start, long length)
        {
            if (start < 0 || length < 0 || start + length > inner.Length)
            {
                throw new ZipFormatException("The range at offset " + start + " (" + length + " bytes) lies outside the archive.");
            }

            _inner = inner;
            _start = start;
            _length = length;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            long remaining = _length - _position;
            if (remaining <= 0)
            {
                return 0;
            }

            _inner.Position = _start + _position;
            int read = _inner.Read(buffer, offset, (int)Math.Min(count, remaining));
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
