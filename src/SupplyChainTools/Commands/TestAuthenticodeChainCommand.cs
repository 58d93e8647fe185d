using System;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Verifies embedded Authenticode signatures in managed code on every OS: the image hash, the signature,
    /// the signer's chain to a trusted root at the right time, timestamps, nested signatures and the
    /// well-formedness checks that catch CVE-2013-3900 shapes.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AuthenticodeChain", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(AuthenticodeSignature))]
    [OutputType(typeof(bool))]
    public sealed class TestAuthenticodeChainCommand : AuthenticodeCmdlet
    {
        /// <summary>Verify the files through this catalog (.cat): each file's hash must be a member and the catalog's signature valid.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CatalogFilePath { get; set; }

        /// <summary>Return one Boolean: true when every file's signature is valid and nothing failed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            AuthenticodeVerifier verifier = TrustConfiguration.CreateVerifier(this);
            CatalogVerifier? catalog = CatalogFilePath == null ? null : CatalogCmdletSupport.OpenCatalog(this, verifier, CatalogFilePath, StopToken);
            StartFileWork(
                (input, token) =>
                {
                    FileHasher.EnsureRegularFile(input.Path);
                    // The catalog met among the files (a module folder walked with -Recurse) is reported by its own signature.
                    bool isTheCatalog = catalog != null && string.Equals(System.IO.Path.GetFullPath(input.Path), System.IO.Path.GetFullPath(catalog.CatalogPath), StringComparison.Ordinal);
                    return catalog == null || isTheCatalog ? verifier.Verify(input.Path, token) : catalog.VerifyMember(input.Path, null, token);
                },
                new ProgressReporter(this, 0x5C7003, "Verifying Authenticode signatures"),
                _ => 0);
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (Quiet)
            {
                WriteObject(QuietAnswer);
            }
        }

        protected override void WriteResult(AuthenticodeSignature result)
        {
            WriteVerdict(result, result.IsValid, Quiet);
        }
    }
}
