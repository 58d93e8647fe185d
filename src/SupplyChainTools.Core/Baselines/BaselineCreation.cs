using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Records a new baseline of folders: checks the output and the signing certificate, asks the host to
    /// confirm, scans the folders into the output and signs it.
    /// </summary>
    public sealed class BaselineCreation
    {
        public BaselineCreation(IReadOnlyList<string> roots, string outFile, object folderArguments)
        {
            Roots = roots;
            OutFile = outFile;
            FolderArguments = folderArguments;
        }

        /// <summary>The folders to record, resolved; empty when none of <see cref="FolderArguments"/> was one.</summary>
        public IReadOnlyList<string> Roots { get; }
        public string OutFile { get; }
        /// <summary>The folders as the user gave them (the target of the error when none is a folder).</summary>
        public object FolderArguments { get; }
        public string ModuleVersion { get; set; } = "0.0.0";
        public IReadOnlyList<string>? Include { get; set; }
        public IReadOnlyList<string>? Exclude { get; set; }
        public IReadOnlyList<string> Algorithms { get; set; } = new[] { SupportedHashAlgorithms.SHA256 };
        public int DegreeOfParallelism { get; set; } = Environment.ProcessorCount;
        public X509Certificate2? SigningCertificate { get; set; }
        public string? SignerIdentity { get; set; }
        /// <summary>Replace an existing file.</summary>
        public bool Force { get; set; }

        /// <summary>Writes the baseline and returns its summary; null when the host did not confirm.</summary>
        public BaselineSummary? Run(IBaselineHost host, CancellationToken cancellationToken)
        {
            if (Roots.Count == 0)
            {
                throw new BaselineRunException(new ArgumentException("No folder to record: every -Path was missing or not a folder."), ErrorIds.NoFolderToRecord, BaselineErrorKind.InvalidArgument, FolderArguments);
            }

            BaselineRecorder.CheckTarget(OutFile, Force);
            BaselineRecorder.CheckSigningCertificate(SigningCertificate);
            string action = $"Record a software baseline of {string.Join(", ", Roots)}" + (SigningCertificate != null ? $", signed by {SigningCertificate.Subject}" : string.Empty);
            if (!host.ShouldProcess(OutFile, action))
            {
                return null;
            }

            string[] algorithms = SupportedHashAlgorithms.NormalizeList(Algorithms);
            var header = new BaselineHeader(ModuleVersion, Dns.GetHostName(), DateTime.UtcNow, Roots, algorithms, Include, Exclude, Environment.OSVersion.Platform.ToString());
            header.SignerIdentity = SignerIdentity ?? SignerIdentityRule.Publisher;
            BaselineScanOptions options = BaselineScanOptions.For(host, header, OutFile, Roots, DegreeOfParallelism);
            using (BaselineRecorder recorder = BaselineRecorder.Start(OutFile, header, host))
            {
                IEnumerable<BaselinePair> recorded = recorder.Record(BaselineScanner.Scan(Roots, options, null, cancellationToken));
                foreach (BaselinePair _ in BaselineRunReport.Observe(recorded, host, Roots, reportIncomplete: true, reportProgress: true))
                {
                }

                return recorder.Complete(SigningCertificate);
            }
        }
    }
}
