using System;
using System.Management.Automation;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Inspection;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Gets the integrity facts of files: path, size, last write time and every requested hash from one read.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "FileIntegrity", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(FileIntegrity))]
    public sealed class GetFileIntegrityCommand : TreeInputCmdlet<PSObject>
    {
        [Parameter]
        [ValidateSet("SHA256", "SHA1", "SHA384", "SHA512", "MD5", IgnoreCase = true)]
        public string[] Algorithm { get; set; } = { SupportedHashAlgorithms.SHA256 };

        /// <summary>Also verify each file's Authenticode signature (default trust) from the same read, adding SignatureStatus, SignerSubject, SignerThumbprint and TimestampUtc.</summary>
        [Parameter]
        public SwitchParameter Signature { get; set; }

        protected override void BeginProcessing()
        {
            string[] algorithms = SupportedHashAlgorithms.NormalizeList(Algorithm);
            bool parallelAlgorithms = ThrottleLimit > 1 && algorithms.Length > 1;
            AuthenticodeVerifier? verifier = Signature ? TrustConfiguration.CreateDefaultVerifier(this) : null;
            // The output object is built on the worker: the pipeline thread, which also walks folders, only writes it.
            StartFileWork(
                (input, token) =>
                {
                    FileInspection inspection = verifier == null
                        ? new FileInspection(FileHasher.HashFile(input.Path, algorithms, parallelAlgorithms, token), null)
                        : FileInspector.Inspect(input.Path, algorithms, verifier, token);
                    return OutputObjects.ForFileIntegrity(inspection.Integrity, inspection.Signature);
                },
                new ProgressReporter(this, 0x5C7001, "Computing file hashes"),
                result => (result?.BaseObject as FileIntegrity)?.Length ?? 0);
        }

        protected override void WriteResult(PSObject result)
        {
            WriteObject(result);
        }
    }
}
