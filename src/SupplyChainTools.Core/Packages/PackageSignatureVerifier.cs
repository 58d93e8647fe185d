using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Threading;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>
    /// Verifies NuGet package signatures (.nupkg) on every OS, as <c>dotnet nuget verify --all</c> does and more: the
    /// signature entry's zip metadata, the package hash over the archive without its signature, the author or
    /// repository primary signature and a repository countersignature (each with its chain and RFC 3161 timestamp),
    /// trusted signers with nuget.config semantics, and an optional repository-signature requirement. Thread-safe.
    /// </summary>
    public sealed partial class PackageSignatureVerifier
    {
        private readonly AuthenticodeVerifier _signatures;
        private readonly PackageSignatureOptions _options;

        public PackageSignatureVerifier(PackageSignatureOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _signatures = new AuthenticodeVerifier(options.Trust);
        }

        /// <summary>Verifies the package at <paramref name="path"/>; throws only when it cannot be read.</summary>
        public PackageSignature Verify(string path, CancellationToken cancellationToken = default)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920))
            {
                return Verify(path, stream, cancellationToken);
            }
        }

        /// <summary>Verifies <paramref name="content"/> (readable, seekable) as the package named <paramref name="path"/>.</summary>
        public PackageSignature Verify(string path, Stream content, CancellationToken cancellationToken)
        {
            if (content == null || !content.CanSeek || !content.CanRead)
            {
                throw new ArgumentException("The content stream must be readable and seekable.", nameof(content));
            }

            var result = new PackageSignature(path);
            var problems = new List<PackageProblem>();
            NuGetPackageArchive archive;
            try
            {
                archive = NuGetPackageArchive.Read(content, cancellationToken);
            }
            catch (ZipFormatException exception)
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.Malformed, NuGetCodes.General, "The package is not a valid zip archive: " + exception.Message));
                return Finish(result, problems);
            }

            (result.PackageId, result.Version) = archive.ReadIdentity(content, cancellationToken);
            if (archive.SignatureEntry == null)
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.NotSigned, NuGetCodes.NotSigned, "The package is not signed (it has no " + NuGetPackageArchive.SignatureFileName + ")."));
                return Finish(result, problems);
            }

            problems.AddRange(archive.CheckSignatureEntry().Select(problem => new PackageProblem(problem.Status, problem.Code, problem.Message)));
            try
            {
                VerifySignature(archive, content, result, problems, cancellationToken);
            }
            catch (Exception exception) when (exception is AsnContentException || exception is FormatException || exception is CryptographicException
                || exception is InvalidOperationException || exception is ArgumentException || exception is OverflowException)
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.Malformed, NuGetCodes.InvalidSignatureFile, "The signature cannot be decoded: " + exception.Message));
            }

            return Finish(result, problems);
        }

        private void VerifySignature(NuGetPackageArchive archive, Stream content, PackageSignature result, List<PackageProblem> problems, CancellationToken cancellationToken)
        {
            byte[] pkcs7 = archive.ReadSignature(content, cancellationToken);
            CmsSignedData signedData = CmsSignedData.Decode(pkcs7);
            if (signedData.ContentType != PkcsOids.Data || signedData.Signers.Count != 1)
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.Malformed, NuGetCodes.InvalidSignatureFile, "The signature must be SignedData over data with exactly one signer; it has content " + signedData.ContentType + " and " + signedData.Signers.Count + " signers."));
                return;
            }

            NuGetSignedContent signedContent = NuGetSignedContent.Parse(CmsSignedData.UnwrapOctetString(signedData.Content).Span);
            result.ContentHashAlgorithm = signedContent.Algorithm.Name;
            byte[] actual = archive.HashWithoutSignature(content, signedContent.Algorithm, cancellationToken);
            if (!DigestAlgorithms.FixedTimeEquals(actual, signedContent.Hash))
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.HashMismatch, NuGetCodes.IntegrityCheckFailed, "The package's " + signedContent.Algorithm.Name + " hash " + HexConverter.ToUpperHex(actual) + " does not match the signed hash " + HexConverter.ToUpperHex(signedContent.Hash) + ": its content was changed after it was signed."));
            }

            var cms = new SignedCms();
            cms.Decode(pkcs7);
            CmsSignerInfo primary = signedData.Signers[0];
            result.SignatureType = ReadSignatureType(primary.SignedAttributes);
            if (result.SignatureType == PackageSignatureTypes.Repository)
            {
                result.ServiceIndex = ReadServiceIndex(primary.SignedAttributes);
                result.Owners = ReadOwners(primary.SignedAttributes);
            }

            var primaryResult = new AuthenticodeSignature(result.Path, "NuGet");
            var primaryProblems = new List<SignatureProblem>();
            _signatures.VerifyCmsSigner(signedData, cms, primaryResult, primaryProblems);
            CopySigner(primaryResult, result);
            var counterProblems = new List<SignatureProblem>();
            PackageCountersignature? countersignature = VerifyCountersignature(signedData, primary, cms, result.Path, problems, counterProblems);
            result.RepositoryCountersignature = countersignature;
            bool primaryRootAllowed = CheckTrustedSigners(result, countersignature, problems, out bool counterRootAllowed);
            AddSignerProblems(problems, primaryProblems, primaryRootAllowed, string.Empty);
            if (countersignature != null)
            {
                var counterOnly = new List<PackageProblem>();
                AddSignerProblems(counterOnly, counterProblems, counterRootAllowed, "Repository countersignature: ");
                FinishCountersignature(countersignature, counterOnly);
                problems.AddRange(counterOnly);
            }

            if (_options.RequireRepositorySignature && result.SignatureType != PackageSignatureTypes.Repository && countersignature == null)
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.NotTrusted, NuGetCodes.RepositorySignatureRequired, "The package has no repository signature, which -RequireRepositorySignature requires."));
            }
        }

        private static void AddSignerProblems(List<PackageProblem> problems, List<SignatureProblem> signerProblems, bool untrustedRootAllowed, string prefix)
        {
            foreach (SignatureProblem problem in signerProblems)
            {
                bool inTimestamp = problem.Message.StartsWith("Timestamp:", StringComparison.Ordinal);
                string? status = problem.Status;
                if (status == AuthenticodeStatus.NotTrusted && untrustedRootAllowed && !inTimestamp)
                {
                    status = null;
                }

                problems.Add(new PackageProblem(status, status == null ? null : NuGetCodes.ForStatus(status, inTimestamp), prefix + problem.Message));
            }
        }

        private static void CopySigner(AuthenticodeSignature from, PackageSignature to)
        {
            to.SignerSubject = from.SignerSubject;
            to.SignerThumbprint = from.SignerThumbprint;
            to.SignerFingerprint = from.SignerCertificate == null ? null : Thumbprint.Sha256Of(from.SignerCertificate);
            to.SignerNotAfter = from.SignerNotAfter;
            to.RootSubject = from.RootSubject;
            to.Chain = from.Chain;
            to.TimestampUtc = from.TimestampUtc;
            to.TimestampSigner = from.TimestampSigner;
        }

        private static PackageSignature Finish(PackageSignature result, List<PackageProblem> problems)
        {
            result.Problems = problems.Select(problem => problem.Message).ToArray();
            PackageProblem? worst = PackageProblem.MostSerious(problems);
            if (worst == null)
            {
                result.Status = AuthenticodeStatus.Valid;
                result.NuGetCode = null;
                result.StatusMessage = result.SignatureType + " signature by '" + result.SignerSubject + "'"
                    + (result.RepositoryCountersignature != null ? ", repository countersigned by '" + result.RepositoryCountersignature.SignerSubject + "'" : string.Empty)
                    + (result.TimestampUtc.HasValue ? ", timestamped " + result.TimestampUtc.Value.ToString("u") : string.Empty)
                    + "; the package is intact and the signature is valid.";
            }
            else
            {
                result.Status = worst.Status!;
                result.NuGetCode = worst.Code;
                result.StatusMessage = worst.Message;
            }

            return result;
        }
    }
}
