using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Writes the current side of a stream of pairs into a new baseline and tallies the summary (entries by type,
    /// bytes hashed, signed files by status). Used by New-SoftwareBaseline (a scan) and Update-SoftwareBaseline
    /// (the reference with reviewed parts replaced).
    /// </summary>
    public sealed class BaselineRecorder : IDisposable
    {
        private readonly BaselineWriter _writer;
        private readonly string _path;
        private readonly BaselineHeader _header;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, long> _statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        private long _files;
        private long _directories;
        private long _links;
        private long _other;
        private long _errors;
        private long _bytes;

        public BaselineRecorder(string path, BaselineHeader header)
        {
            _path = Path.GetFullPath(path);
            _header = header;
            _writer = new BaselineWriter(_path, header);
        }

        /// <summary>Starts the output (removing what killed runs left beside it) and warns of each temporary file left in place.</summary>
        internal static BaselineRecorder Start(string path, BaselineHeader header, IBaselineHost host)
        {
            var recorder = new BaselineRecorder(path, header);
            foreach (string sentence in recorder.LeftInPlace)
            {
                host.Warn(sentence);
            }

            return recorder;
        }

        /// <summary>
        /// Refuses an output that is a folder or in no folder, or an existing file without <paramref name="force"/>
        /// (unless it is <paramref name="replaceable"/>, the baseline being updated), before anything is scanned or written.
        /// </summary>
        internal static void CheckTarget(string outFile, bool force, string? replaceable = null)
        {
            if (Directory.Exists(outFile))
            {
                throw new BaselineRunException(new IOException($"-OutFile '{outFile}' is a folder; give the path of the baseline file to write."), ErrorIds.BaselineWriteFailed, BaselineErrorKind.InvalidArgument, outFile);
            }

            string? folder = Path.GetDirectoryName(outFile);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                throw new BaselineRunException(new IOException($"The folder of -OutFile, '{folder}', does not exist or is not a folder; create it first."), ErrorIds.BaselineWriteFailed, BaselineErrorKind.ObjectNotFound, outFile);
            }

            bool isReplaceable = replaceable != null && string.Equals(Path.GetFullPath(replaceable), Path.GetFullPath(outFile), StringComparison.Ordinal);
            if (File.Exists(outFile) && !force && !isReplaceable)
            {
                throw new BaselineRunException(new IOException($"The file '{outFile}' already exists; use -Force to replace it."), ErrorIds.BaselineExists, BaselineErrorKind.ResourceExists, outFile);
            }
        }

        internal static void CheckSigningCertificate(X509Certificate2? certificate)
        {
            if (certificate != null && !certificate.HasPrivateKey)
            {
                throw new BaselineRunException(
                    new ArgumentException($"-SigningCertificate {certificate.Subject} ({certificate.Thumbprint}) has no private key, so it cannot sign the baseline."),
                    ErrorIds.SigningCertificateHasNoPrivateKey,
                    BaselineErrorKind.InvalidArgument,
                    certificate);
            }
        }

        /// <summary>Temporary files of the target from other runs that were left in place, one sentence each (see <see cref="FileSystem.TemporaryFiles.RemoveStale"/>).</summary>
        public IReadOnlyList<string> LeftInPlace => _writer.LeftInPlace;

        /// <summary>Records each pair's current entry (pairs without one are passed through) and yields every pair.</summary>
        public IEnumerable<BaselinePair> Record(IEnumerable<BaselinePair> pairs)
        {
            foreach (BaselinePair pair in pairs)
            {
                BaselineEntry? entry = pair.Current;
                if (entry != null)
                {
                    _writer.Write(entry);
                    _bytes += pair.BytesRead;
                    switch (entry.Type)
                    {
                        case BaselineEntryType.File: _files++; break;
                        case BaselineEntryType.Directory: _directories++; break;
                        case BaselineEntryType.SymbolicLink: _links++; break;
                        default: _other++; break;
                    }

                    if (entry.Error != null)
                    {
                        _errors++;
                    }

                    if (entry.Signer != null)
                    {
                        _statuses[entry.Signer.Status] = (_statuses.TryGetValue(entry.Signer.Status, out long count) ? count : 0) + 1;
                    }
                }

                yield return pair;
            }
        }

        /// <summary>Finishes the file (trailer, atomic rename), signs it or removes a stale signature, and summarises.</summary>
        public BaselineSummary Complete(X509Certificate2? signingCertificate)
        {
            string digest = _writer.Complete();
            string signaturePath = BaselineTrust.SignaturePathOf(_path);
            if (signingCertificate != null)
            {
                BaselineTrust.Sign(_path, digest, signingCertificate);
            }
            else if (File.Exists(signaturePath))
            {
                // A signature of an earlier baseline at this path would make the new one look tampered with.
                File.Delete(signaturePath);
            }

            long valid = _statuses.TryGetValue(Authenticode.AuthenticodeStatus.Valid, out long v) ? v : 0;
            long unsigned = _statuses.TryGetValue(Authenticode.AuthenticodeStatus.NotSigned, out long u) ? u : 0;
            return new BaselineSummary(_path)
            {
                SignaturePath = signingCertificate != null ? signaturePath : null,
                SchemaVersion = _header.SchemaVersion,
                SignerIdentity = _header.SignerIdentity,
                Roots = _header.Roots.ToArray(),
                Algorithms = _header.Algorithms.ToArray(),
                Entries = _writer.EntryCount,
                Files = _files,
                Directories = _directories,
                SymbolicLinks = _links,
                OtherEntries = _other,
                Errors = _errors,
                BytesHashed = _bytes,
                SignedValid = valid,
                Unsigned = unsigned,
                SignedNotValid = _statuses.Values.Sum() - valid - unsigned,
                SignatureStatuses = _statuses.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "=" + s.Value).ToArray(),
                Digest = digest,
                Signed = signingCertificate != null,
                SignerThumbprint = signingCertificate?.Thumbprint,
                SignerSubject = signingCertificate?.Subject,
                Elapsed = _clock.Elapsed,
            };
        }

        public void Dispose() => _writer.Dispose();

        /// <summary>
        /// The reference with some entries replaced: every reference entry for which <paramref name="isReplaced"/> is
        /// true is dropped, and <paramref name="replacements"/> (canonical order) are merged in. Streams both.
        /// </summary>
        public static IEnumerable<BaselinePair> Replace(IEnumerable<BaselineEntry> reference, IEnumerable<BaselinePair> replacements, Func<BaselineEntry, bool> isReplaced)
        {
            using (IEnumerator<BaselineEntry> left = reference.Where(e => !isReplaced(e)).GetEnumerator())
            using (IEnumerator<BaselinePair> right = replacements.Where(p => p.Current != null || p.Vanished != null).GetEnumerator())
            {
                bool hasLeft = left.MoveNext();
                bool hasRight = right.MoveNext();
                while (hasLeft || hasRight)
                {
                    if (hasRight && right.Current.Current == null)
                    {
                        yield return right.Current;
                        hasRight = right.MoveNext();
                        continue;
                    }

                    int order = !hasLeft ? 1 : !hasRight ? -1 : BaselineOrder.Instance.Compare(left.Current, right.Current.Current!);
                    if (order < 0)
                    {
                        yield return new BaselinePair(left.Current, left.Current, null);
                        hasLeft = left.MoveNext();
                    }
                    else
                    {
                        if (order == 0)
                        {
                            hasLeft = left.MoveNext();
                        }

                        yield return right.Current;
                        hasRight = right.MoveNext();
                    }
                }
            }
        }
    }
}
