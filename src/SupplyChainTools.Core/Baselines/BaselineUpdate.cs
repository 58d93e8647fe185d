using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Accepts reviewed changes into a new baseline: the changes given (each path is captured again as it is now),
    /// or every entry below the folders given (rescanned). There is deliberately no way to accept everything
    /// blindly. A signed baseline can only be updated with a signing certificate, and the new one is signed too.
    /// </summary>
    public sealed partial class BaselineUpdate
    {
        public BaselineUpdate(string referencePath, string outFile)
        {
            ReferencePath = referencePath;
            OutFile = outFile;
        }

        public string ReferencePath { get; }
        /// <summary>May be the reference itself: it is replaced only when the new baseline is complete.</summary>
        public string OutFile { get; }
        public string ModuleVersion { get; set; } = "0.0.0";
        /// <summary>The reviewed changes to accept; ignored when <see cref="RescanFolders"/> is set.</summary>
        public IReadOnlyList<ReviewedChange> Changes { get; set; } = Array.Empty<ReviewedChange>();
        /// <summary>Folders below the reference's roots, as the user gave them, whose entries are all replaced by what is there now.</summary>
        public IReadOnlyList<string>? RescanFolders { get; set; }
        public X509Certificate2? SigningCertificate { get; set; }
        /// <summary>Certificates or thumbprints the reference must be signed by (default, for a signed one: <see cref="SigningCertificate"/>).</summary>
        public IReadOnlyList<object?> TrustedSigners { get; set; } = Array.Empty<object?>();
        /// <summary>The rule the new baseline records (default: the reference's).</summary>
        public string? SignerIdentity { get; set; }
        /// <summary>Replace an existing file other than the reference.</summary>
        public bool Force { get; set; }

        /// <summary>Writes the updated baseline and returns its summary; null when the host did not confirm.</summary>
        public BaselineSummary? Run(IBaselineHost host, CancellationToken cancellationToken)
        {
            BaselineRecorder.CheckTarget(OutFile, Force, replaceable: ReferencePath);
            BaselineRecorder.CheckSigningCertificate(SigningCertificate);
            bool signed = File.Exists(BaselineTrust.SignaturePathOf(ReferencePath));
            if (signed && SigningCertificate == null)
            {
                throw new BaselineRunException(
                    new InvalidOperationException($"The baseline '{ReferencePath}' is signed; updating it needs -SigningCertificate so the new baseline is signed too."),
                    ErrorIds.SigningCertificateRequired,
                    BaselineErrorKind.SecurityError,
                    ReferencePath);
            }

            List<string> trusted = BaselineTrust.ParseTrustedSigners(TrustedSigners);
            if (trusted.Count == 0 && signed && SigningCertificate != null)
            {
                trusted.Add(SigningCertificate.Thumbprint.ToUpperInvariant());
            }

            BaselineVerification reference = BaselineTrust.VerifyForUse(ReferencePath, trusted, cancellationToken);
            IReadOnlyList<string> roots = reference.Header.Roots;
            BaselineScanOptions options = BaselineScanOptions.For(host, reference.Header, OutFile, roots, Environment.ProcessorCount);
            Replacement replacement = RescanFolders != null ? Rescan(roots, options, host, cancellationToken) : Accept(reference, options, host, cancellationToken);
            if (!host.ShouldProcess(OutFile, $"Write an updated software baseline from '{ReferencePath}' ({replacement.What})"))
            {
                return null;
            }

            BaselineHeader header = reference.Header;
            var updated = new BaselineHeader(ModuleVersion, Dns.GetHostName(), DateTime.UtcNow, roots, header.Algorithms, header.Include, header.Exclude, header.Platform);
            updated.SignerIdentity = SignerIdentity ?? header.SignerIdentity;
            using (BaselineRecorder recorder = BaselineRecorder.Start(OutFile, updated, host))
            {
                // The reader is closed before the new file is moved into place (it may replace the reference).
                using (BaselineReader reader = BaselineReader.Open(ReferencePath, cancellationToken))
                {
                    IEnumerable<BaselinePair> merged = BaselineRecorder.Replace(reader.ReadEntries(cancellationToken), replacement.Entries(), replacement.IsReplaced);
                    foreach (BaselinePair _ in BaselineRunReport.Observe(recorder.Record(merged), host, roots, reportIncomplete: true, reportProgress: false))
                    {
                    }

                    if (!string.Equals(reader.Digest, reference.Digest, StringComparison.Ordinal))
                    {
                        throw new BaselineFormatException(BaselineProblem.Modified, $"The baseline '{ReferencePath}' is refused: it changed while it was being updated.");
                    }
                }

                return recorder.Complete(SigningCertificate);
            }
        }

        /// <summary>What replaces what: which reference entries go, the entries that take their place (canonical order), and a phrase for the confirmation.</summary>
        private sealed class Replacement
        {
            public Replacement(Func<BaselineEntry, bool> isReplaced, Func<IEnumerable<BaselinePair>> entries, string what)
            {
                IsReplaced = isReplaced;
                Entries = entries;
                What = what;
            }

            public Func<BaselineEntry, bool> IsReplaced { get; }
            public Func<IEnumerable<BaselinePair>> Entries { get; }
            public string What { get; }
        }
    }
}
