using System;
using System.IO;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Checksums
{
    /// <summary>
    /// Reads a checksum manifest line by line, so memory stays flat whatever the number of lines (a distribution's
    /// whole tree runs to millions): one read buffer and one line of at most
    /// <see cref="ChecksumManifestParser.MaximumLineLength"/> bytes are held. Each content line yields its entry or
    /// its problem, in line order. A longer line is one invalid line, read to its end without being buffered.
    /// </summary>
    public sealed class ChecksumManifestReader : IDisposable
    {
        private const int ReadBufferBytes = 64 * 1024;
        private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

        private readonly Stream _stream;
        private readonly string _manifestName;
        private readonly string? _nameHint;
        private readonly string? _declared;
        private readonly byte[] _buffer = new byte[ReadBufferBytes];
        private int _position;
        private int _filled;
        private byte[] _line = new byte[256];
        private int _lineLength;
        private bool _lineOverflowed;
        private int _lineNumber;
        private int _contentLines;
        private string? _pendingBareHash;
        private int _pendingBareHashLine;
        private ChecksumManifestLine? _queued;

        /// <summary>
        /// Reads <paramref name="stream"/> (UTF-8, with or without BOM; LF or CRLF). <paramref name="algorithm"/> names
        /// the algorithm of GNU and bare lines; without it, the manifest's name (SHA256SUMS, *.sha512, md5sums) or else
        /// the hash length decides. With <paramref name="refuseBinary"/>, a stream whose first block holds a NUL byte
        /// is refused as not text.
        /// </summary>
        public ChecksumManifestReader(string manifestPath, Stream stream, string? algorithm = null, bool refuseBinary = true)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            ManifestPath = manifestPath;
            _declared = algorithm == null ? null
                : SupportedHashAlgorithms.Normalize(algorithm) ?? throw new ArgumentException($"'{algorithm}' is not a supported hash algorithm.", nameof(algorithm));
            _manifestName = Path.GetFileName(manifestPath);
            _nameHint = _declared ?? ChecksumManifestParser.AlgorithmFromManifestName(_manifestName);

            Fill();
            if (refuseBinary && Array.IndexOf(_buffer, (byte)0, 0, _filled) >= 0)
            {
                throw new ChecksumManifestException($"The checksum file '{manifestPath}' is not text (it contains NUL bytes).");
            }

            if (_filled >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _position = 3;
            }
        }

        /// <summary>The manifest's path (a display name when reading text).</summary>
        public string ManifestPath { get; }

        /// <summary>Opens a manifest file through <see cref="ChecksumManifestParser.OpenManifest"/> and reads its first block.</summary>
        public static ChecksumManifestReader Open(string manifestPath, string? algorithm = null, CancellationToken cancellationToken = default)
        {
            Stream stream = ChecksumManifestParser.OpenManifest(manifestPath, cancellationToken);
            try
            {
                return new ChecksumManifestReader(manifestPath, stream, algorithm);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>
        /// How many lines the manifest file holds, counted without parsing them (a million lines take well under a
        /// second), so that progress can show a percentage before the entries are read.
        /// </summary>
        public static long CountLines(string manifestPath, CancellationToken cancellationToken = default)
        {
            using (Stream stream = ChecksumManifestParser.OpenManifest(manifestPath, cancellationToken))
            {
                byte[] buffer = new byte[ReadBufferBytes];
                long lines = 0;
                byte last = (byte)'\n';
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    for (int i = 0; i < read; i++)
                    {
                        if (buffer[i] == (byte)'\n')
                        {
                            lines++;
                        }
                    }

                    last = buffer[read - 1];
                }

                return last == (byte)'\n' ? lines : lines + 1;
            }
        }

        /// <summary>The next content line's entry or problem; false at the end. Blank lines and comments are passed over.</summary>
        public bool TryReadLine(out ChecksumManifestLine? line)
        {
            if (_queued != null)
            {
                line = _queued;
                _queued = null;
                return true;
            }

            while (ReadRawLine())
            {
                _lineNumber++;
                line = ParseCurrentLine();
                if (line != null)
                {
                    return true;
                }
            }

            line = null;
            if (_pendingBareHash != null)
            {
                line = ChecksumManifestParser.ParseBareHash(_pendingBareHash, _pendingBareHashLine, _contentLines == 1, _manifestName, _nameHint, _declared);
                _pendingBareHash = null;
            }

            return line != null;
        }

        public void Dispose() => _stream.Dispose();

        private ChecksumManifestLine? ParseCurrentLine()
        {
            while (!_lineOverflowed && _lineLength > 0 && _line[_lineLength - 1] == (byte)'\r')
            {
                _lineLength--;
            }

            bool tooLong = _lineOverflowed || _lineLength > ChecksumManifestParser.MaximumLineLength;
            string text = Utf8.GetString(_line, 0, Math.Min(_lineLength, ChecksumManifestParser.MaximumLineLength));
            if ((!tooLong && text.Trim().Length == 0) || text.TrimStart().StartsWith("#", StringComparison.Ordinal))
            {
                return null;
            }

            _contentLines++;
            ChecksumManifestLine? parsed = tooLong
                ? new ChecksumManifestLine(new ChecksumProblem(_lineNumber, ChecksumProblemKind.InvalidLine, $"Line {_lineNumber} is longer than {ChecksumManifestParser.MaximumLineLength:N0} bytes.", null))
                : ChecksumManifestParser.ParseLine(text, _lineNumber, _nameHint, _declared);
            if (parsed == null)
            {
                // A bare hash is an entry only when it is the manifest's one content line: hold the first until the next.
                if (_contentLines == 1)
                {
                    _pendingBareHash = text;
                    _pendingBareHashLine = _lineNumber;
                    return null;
                }

                parsed = ChecksumManifestParser.NotAChecksumLine(text, _lineNumber);
            }

            if (_pendingBareHash != null)
            {
                ChecksumManifestLine earlier = ChecksumManifestParser.ParseBareHash(_pendingBareHash, _pendingBareHashLine, onlyContentLine: false, _manifestName, _nameHint, _declared);
                _pendingBareHash = null;
                _queued = parsed;
                return earlier;
            }

            return parsed;
        }

        /// <summary>Reads up to the next LF; false at the end of the stream. Keeps at most one byte past the line bound.</summary>
        private bool ReadRawLine()
        {
            _lineLength = 0;
            _lineOverflowed = false;
            bool readAny = false;
            while (true)
            {
                if (_position == _filled && !Fill())
                {
                    return readAny;
                }

                readAny = true;
                int newline = Array.IndexOf(_buffer, (byte)'\n', _position, _filled - _position);
                int end = newline < 0 ? _filled : newline;
                Append(end - _position);
                _position = newline < 0 ? _filled : newline + 1;
                if (newline >= 0)
                {
                    return true;
                }
            }
        }

        private void Append(int count)
        {
            int room = ChecksumManifestParser.MaximumLineLength + 1 - _lineLength;
            if (count > room)
            {
                _lineOverflowed = true;
                count = room;
            }

            if (count <= 0)
            {
                return;
            }

            if (_lineLength + count > _line.Length)
            {
                Array.Resize(ref _line, Math.Max(_lineLength + count, Math.Min(_line.Length * 2, ChecksumManifestParser.MaximumLineLength + 1)));
            }

            Buffer.BlockCopy(_buffer, _position, _line, _lineLength, count);
            _lineLength += count;
        }

        private bool Fill()
        {
            _position = 0;
            _filled = _stream.Read(_buffer, 0, _buffer.Length);
            return _filled > 0;
        }
    }
}
