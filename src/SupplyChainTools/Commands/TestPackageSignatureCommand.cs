using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Packages;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Verifies NuGet package signatures (.nupkg) on every OS: the package hash over the archive without its
    /// signature, the signature entry's zip metadata, author and repository signatures and the repository
    /// countersignature with their chains and timestamps, trusted signers as nuget.config has them.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "PackageSignature", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(PackageSignature))]
    [OutputType(typeof(bool))]
    public sealed class TestPackageSignatureCommand : TreeInputCmdlet<PackageSignature>
    {
        /// <summary>Trusted signers: SHA-256 certificate fingerprints (author or repository), or nuget.config files whose trustedSigners are read.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? TrustedSigner { get; set; }

        /// <summary>Fail packages that have no repository signature (primary or countersignature): NU3038.</summary>
        [Parameter]
        public SwitchParameter RequireRepositorySignature { get; set; }

        /// <summary>Return one Boolean: true when every package's signature is valid and nothing failed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            if (Include == null || Include.Length == 0)
            {
                Include = new[] { "*.nupkg" };
            }

            var options = new PackageSignatureOptions
            {
                Trust = TrustConfiguration.CreateDefaultOptions(),
                TrustedSigners = ReadTrustedSigners(),
                RequireRepositorySignature = RequireRepositorySignature.IsPresent,
            };
            var verifier = new PackageSignatureVerifier(options);
            StartFileWork(
                (input, token) =>
                {
                    FileHasher.EnsureRegularFile(input.Path);
                    return verifier.Verify(input.Path, token);
                },
                new ProgressReporter(this, 0x5C7014, "Verifying NuGet package signatures"),
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

        protected override void WriteResult(PackageSignature result)
        {
            WriteVerdict(result, result.IsValid, Quiet);
        }

        protected override string DirectoryAdvice(string directory) =>
            $"'{directory}' is a directory. Use -Recurse to verify the packages under it (a global packages folder such as ~/.nuget/packages).";

        private List<PackageTrustedSigner> ReadTrustedSigners()
        {
            var signers = new List<PackageTrustedSigner>();
            foreach (string value in TrustedSigner ?? Array.Empty<string>())
            {
                PackageTrustedSigner? fingerprint = NuGetConfigTrustedSigners.FromFingerprint(value);
                if (fingerprint != null)
                {
                    signers.Add(fingerprint);
                    continue;
                }

                string path = ResolveInputFilePath(value, ErrorIds.InvalidPackageTrustedSigner)!;
                try
                {
                    signers.AddRange(NuGetConfigTrustedSigners.Read(path, StopToken));
                }
                catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException || ex is NotARegularFileException)
                {
                    string message = ex is FileNotFoundException
                        ? $"'{value}' is neither a SHA-256 certificate fingerprint (64 hex digits) nor an existing nuget.config file."
                        : ex.Message;
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException(message, ex), ErrorIds.InvalidPackageTrustedSigner, ErrorCategory.InvalidArgument, value));
                }
            }

            return signers;
        }
    }
}
