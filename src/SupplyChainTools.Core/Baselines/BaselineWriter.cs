using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Writes a baseline file as it streams: header, entries in canonical order (enforced), trailer with the
    /// SHA-256 of every byte before it. Writes to a temporary file beside the target and renames it into place
    /// on <see cref="Complete"/>, so a reader never sees half a baseline; disposing without completing deletes it.
    /// </summary>
    public sealed class BaselineWriter : IDisposable
    {
        private readonly string _path;
        private readonly string _temporaryPath;
        private readonly BaselineHeader _header;
        private readonly FileStream _stream;
        private readonly RunningSha256 _content = new RunningSha256();
        private readonly RunningSha256 _whole = new RunningSha256();
        private readonly JsonLineWriter _json = new JsonLineWriter();
        private BaselineEntry? _previous;
        private bool _completed;

        public BaselineWriter(string path, BaselineHeader header)
        {
            _path = Path.GetFullPath(path);
            _header = header;
            var leftInPlace = new List<string>(TemporaryFiles.RemoveStale(_path));
            leftInPlace.AddRange(TemporaryFiles.RemoveStale(BaselineTrust.SignaturePathOf(_path)));
            LeftInPlace = leftInPlace;
            _stream = TemporaryFiles.Create(_path, out _temporaryPath);
            Append(header.ToLine(), content: true);
        }

        /// <summary>Temporary files of this target and its signature from other runs that were left in place, one sentence each.</summary>
        public IReadOnlyList<string> LeftInPlace { get; }

        public long EntryCount { get; private set; }

        /// <summary>Names a scan of <paramref name="roots"/> must not record because they are this output (the baseline, its signature, their temporary files); null when the output is outside the roots.</summary>
        public static Func<string, bool>? OutputNamesIn(string outFile, IEnumerable<string> roots)
        {
            string folder = Path.GetDirectoryName(outFile) ?? string.Empty;
            if (!roots.Any(root => RealPath.IsInside(root, folder)))
            {
                return null;
            }

            string name = Path.GetFileName(outFile);
            string signature = name + BaselineTrust.SignatureExtension;
            return candidate => candidate == name || candidate == signature
                || TemporaryFiles.IsTemporaryNameOf(name, candidate) || TemporaryFiles.IsTemporaryNameOf(signature, candidate);
        }

        public void Write(BaselineEntry entry)
        {
            if (entry == null)
            {
                throw new ArgumentNullException(nameof(entry));
            }

            if (_completed)
            {
                throw new InvalidOperationException("The baseline is already complete.");
            }

            if (entry.Tree < 0 || entry.Tree >= _header.Roots.Count)
            {
                throw new ArgumentException($"Entry '{entry.Path}' names root {entry.Tree}, which the header does not have.", nameof(entry));
            }

            BaselineEntryCodec.ValidatePath(entry.Path);
            if (_previous != null && BaselineOrder.Instance.Compare(_previous, entry) >= 0)
            {
                throw new InvalidOperationException($"Entries must be written in canonical order: '{entry.Path}' after '{_previous.Path}'.");
            }

            _previous = entry;
            Append(BaselineEntryCodec.ToLine(_json, entry, _header.Algorithms), content: true);
            EntryCount++;
        }

        /// <summary>Writes the trailer, flushes, moves the file into place and returns its SHA-256 (the baseline's digest).</summary>
        public string Complete()
        {
            if (_completed)
            {
                throw new InvalidOperationException("The baseline is already complete.");
            }

            string contentDigest = Hashing.HexConverter.ToUpperHex(_content.GetHashAndReset());
            _json.Start();
            _json.Boolean("trailer", true);
            _json.Number("entries", EntryCount);
            _json.String("sha256", contentDigest);
            Append(_json.Finish(), content: false);
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            _completed = true;
            TemporaryFiles.MoveIntoPlace(_temporaryPath, _path);
            return Hashing.HexConverter.ToUpperHex(_whole.GetHashAndReset());
        }

        public void Dispose()
        {
            _content.Dispose();
            _whole.Dispose();
            if (!_completed)
            {
                _stream.Dispose();
                TemporaryFiles.Discard(_temporaryPath);
            }
        }

        private void Append(byte[] line, bool content)
        {
            if (content)
            {
                _content.AppendData(line);
            }

            _whole.AppendData(line);
            _stream.Write(line, 0, line.Length);
        }
    }
}
