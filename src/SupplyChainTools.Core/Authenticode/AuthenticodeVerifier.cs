using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// Verifies Authenticode signatures in managed code on every OS. Thread-safe: one instance
    /// verifies many files in parallel and shares its chain-verdict caches between them.
    /// </summary>
    public sealed partial class AuthenticodeVerifier
    {
        private const string LifetimeSigningEku = "1.3.6.1.4.1.311.10.3.13";
        private const int MaxNestingDepth = 2;
        private const int MaxNestedSignatures = 16;

        private readonly DateTime? _verificationTime;
        private readonly bool _failOnSha1;
        private readonly ChainVerifier _codeSigningChains;
        private readonly TimestampVerifier _timestamps;
        private readonly HashSet<string> _trustedPublishers;
        private readonly CertificateCache _certificates = CertificateCache.Shared;

        /// <summary>
        /// Reads <paramref name="options"/> once (later changes to it have no effect) and loads the CRL
        /// files it names; throws if one cannot be read.
        /// </summary>
        public AuthenticodeVerifier(AuthenticodeOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            _verificationTime = options.VerificationTime.HasValue ? AsUtc(options.VerificationTime.Value) : (DateTime?)null;
            _failOnSha1 = options.FailOnSha1;
            var revocationLists = new List<CertificateRevocationList>();
            foreach (string crlPath in options.CrlPaths)
            {
                revocationLists.AddRange(CertificateRevocationList.Load(crlPath));
            }

            _codeSigningChains = ChainVerifier.ForTrust(options.CodeSigningRoots, options.UseOperatingSystemTrust, options.OnlineRevocation, revocationLists, ChainVerifier.CodeSigningEku, "code signing");
            var timestampChains = ChainVerifier.ForTrust(options.TimestampRoots, options.UseOperatingSystemTrust, options.OnlineRevocation, revocationLists, ChainVerifier.TimeStampingEku, "time stamping");
            _timestamps = new TimestampVerifier(timestampChains, _certificates);
            _trustedPublishers = new HashSet<string>(
                options.TrustedPublisherThumbprints.Select(Thumbprint.Normalize),
                StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Verifies the file at <paramref name="path"/>; throws only when it cannot be read.</summary>
        public AuthenticodeSignature Verify(string path, CancellationToken cancellationToken = default)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920))
            {
                return Verify(path, stream, cancellationToken);
            }
        }

        /// <summary>Verifies <paramref name="content"/> (seekable) as the file named <paramref name="path"/>.</summary>
        public AuthenticodeSignature Verify(string path, Stream content, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (!content.CanSeek || !content.CanRead)
            {
                throw new ArgumentException("The content stream must be readable and seekable.", nameof(content));
            }

            content.Position = 0;
            if (ScriptSignatureParser.IsScriptFileType(path))
            {
                return VerifyScript(path, content, cancellationToken);
            }

            if (IsCatalogPath(path))
            {
                return VerifyCatalog(path, content, cancellationToken);
            }

            PeImage? image = PeImage.TryParse(content, out PeParseFailure? failure);
            if (image == null)
            {
                if (failure!.DetectedFormat == null)
                {
                    return Finish(new AuthenticodeSignature(path, PeFileType), new List<SignatureProblem> { new SignatureProblem(failure.Status, failure.Message) });
                }

                string fileType = FileFormatSniffer.FileTypeOf(failure.DetectedFormat);
                if (fileType == CatalogFileType)
                {
                    // DER content under another extension: a catalog when it parses as one.
                    return VerifyCatalog(path, content, cancellationToken);
                }

                if (fileType == MsiFileType)
                {
                    return VerifyMsi(path, content, cancellationToken);
                }

                if (fileType == CabFileType)
                {
                    return VerifyCab(path, content, cancellationToken);
                }

                if (fileType == ZipFileType)
                {
                    return VerifyZip(path, content, DescribeUnsupportedFormat(failure.DetectedFormat), cancellationToken);
                }

                return CreateResultWithoutSignature(path, fileType, AuthenticodeStatus.NotSupportedFileFormat, DescribeUnsupportedFormat(failure.DetectedFormat));
            }

            if (image.CertificateDirectoryEntryOffset < 0 || !image.HasCertificateTable)
            {
                return CreateResultWithoutSignature(path, PeFileType, AuthenticodeStatus.NotSigned, "The PE file has no Authenticode signature.");
            }

            CertificateTableReadResult table = image.ReadCertificateTable(content);
            var tableProblems = table.Problems.Select(problem => new SignatureProblem(problem.Status, problem.Message)).ToList();
            if (table.Pkcs7 == null)
            {
                return Finish(new AuthenticodeSignature(path, PeFileType) { SignatureType = "Embedded" }, tableProblems);
            }

            var digests = new Dictionary<HashAlgorithmName, byte[]>();
            Func<HashAlgorithmName, byte[]> computeDigest = algorithm =>
            {
                if (!digests.TryGetValue(algorithm, out byte[]? digest))
                {
                    digest = image.ComputeImageDigest(content, algorithm, excludeCertificateTable: true, cancellationToken);
                    digests[algorithm] = digest;
                }

                return digest;
            };
            PageHashCheck checkPageHashes = (pageHashOid, pageHashes) => CheckPageHashes(image, content, pageHashOid, pageHashes, cancellationToken);

            var context = new VerificationContext(path, PeFileType, computeDigest, checkPageHashes, cancellationToken);
            return VerifySignature(context, table.Pkcs7, tableProblems, null, depth: 0);
        }

        /// <summary>
        /// Verifies a detached Authenticode signature whose content digest the caller computes for its
        /// own format (PowerShell scripts, catalogs). <paramref name="formatProblems"/> are reported;
        /// <paramref name="formatStatus"/> becomes the status when the signature is otherwise valid.
        /// A catalog's own signature (content type szOID_CTL) has no SpcIndirectDataContent: its math,
        /// chain and timestamps are verified and matching a member is left to the caller.
        /// </summary>
        public AuthenticodeSignature VerifyDetachedContent(string path, string fileType, byte[] pkcs7, Func<HashAlgorithmName, byte[]> computeContentDigest, IReadOnlyList<string> formatProblems, string? formatStatus, CancellationToken ct)
        {
            if (pkcs7 == null)
            {
                throw new ArgumentNullException(nameof(pkcs7));
            }

            if (computeContentDigest == null)
            {
                throw new ArgumentNullException(nameof(computeContentDigest));
            }

            var context = new VerificationContext(path, fileType, computeContentDigest, null, ct);
            var problems = (formatProblems ?? Array.Empty<string>()).Select(message => new SignatureProblem(null, message)).ToList();
            if (formatStatus != null && problems.Count == 0)
            {
                problems.Add(new SignatureProblem(null, "The " + fileType + " file failed its format check (" + formatStatus + ")."));
            }

            return VerifySignature(context, pkcs7, problems, formatStatus, depth: 0);
        }

        /// <summary>
        /// A result for a file that carries no signature to verify (NotSigned, NotSupportedFileFormat,
        /// Malformed, ...), for format engines that decide this before any signature exists.
        /// </summary>
        public static AuthenticodeSignature CreateResultWithoutSignature(string path, string fileType, string status, string statusMessage)
        {
            if (status == AuthenticodeStatus.Valid || !AuthenticodeStatus.All.Contains(status))
            {
                throw new ArgumentException("'" + status + "' is not a status for a file without a verifiable signature.", nameof(status));
            }

            var result = new AuthenticodeSignature(path, fileType) { Status = status, StatusMessage = statusMessage };
            if (status != AuthenticodeStatus.NotSigned)
            {
                result.Problems = new[] { statusMessage };
            }

            return result;
        }

        private AuthenticodeSignature VerifySignature(VerificationContext context, byte[] pkcs7, List<SignatureProblem> problems, string? statusIfOtherwiseValid, int depth)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var result = new AuthenticodeSignature(context.Path, context.FileType) { SignatureType = "Embedded" };
            try
            {
                VerifySignatureCore(context, pkcs7, result, problems, depth);
            }
            catch (Exception exception) when (exception is AsnContentException || exception is FormatException || exception is CryptographicException
                || exception is InvalidOperationException || exception is ArgumentException || exception is OverflowException)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The signature cannot be decoded: " + DecodeFailure.Describe(exception)));
            }

            Finish(result, problems);
            if (statusIfOtherwiseValid != null && result.Status == AuthenticodeStatus.Valid)
            {
                result.Status = statusIfOtherwiseValid;
                result.StatusMessage = problems.Count > 0 ? problems[0].Message : "The file failed its format check.";
            }

            return result;
        }

        private void VerifySignatureCore(VerificationContext context, byte[] pkcs7, AuthenticodeSignature result, List<SignatureProblem> problems, int depth)
        {
            CmsSignedData signedData = CmsSignedData.Decode(pkcs7);
            if (signedData.Signers.Count != 1)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "An Authenticode signature must have exactly one signer; this one has " + signedData.Signers.Count + "."));
                return;
            }

            CmsSignerInfo rawSigner = signedData.Signers[0];
            bool isCatalog = signedData.ContentType == PkcsOids.CertificateTrustList;
            if (isCatalog)
            {
                result.SignatureType = "Catalog";
                if (DigestAlgorithms.TryFromOid(rawSigner.DigestAlgorithmOid, out HashAlgorithmName signerAlgorithm))
                {
                    result.DigestAlgorithm = signerAlgorithm.Name;
                }
            }
            else if (signedData.ContentType != PkcsOids.SpcIndirectDataContent)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The signature's content type " + signedData.ContentType + " is not Authenticode (SpcIndirectDataContent)."));
                return;
            }
            else if (!CheckContentDigest(context, signedData, result, problems))
            {
                return;
            }

            // SignedCms still decodes the structure (cheap, and it keeps rejecting as Malformed what it always
            // rejected), but the signer is verified from the cached certificates and public keys.
            var cms = new SignedCms();
            cms.Decode(pkcs7);
            string? explicitCurve = ExplicitCurveParameters.Describe(signedData.Certificates);
            if (explicitCurve != null)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.NotTrusted, explicitCurve));
            }
            else
            {
                try
                {
                    VerifySigner(signedData, rawSigner, cms.SignerInfos[0], result, problems);
                }
                catch (CryptographicException)
                {
                    problems.Add(new SignatureProblem(AuthenticodeStatus.NotTrusted, PlatformRejectedCertificates));
                }
            }

            VerifyNestedSignatures(context, rawSigner, result, problems, depth);
        }

        private bool CheckContentDigest(VerificationContext context, CmsSignedData signedData, AuthenticodeSignature result, List<SignatureProblem> problems)
        {
            SpcIndirectData indirectData = SpcIndirectData.Decode(CmsSignedData.UnwrapOctetString(signedData.Content));
            byte[]? pageHashes = indirectData.ReadPageHashes(out string? pageHashOid);
            if (!DigestAlgorithms.TryFromOid(indirectData.DigestAlgorithmOid, out HashAlgorithmName algorithm))
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The signed digest uses the unsupported algorithm " + indirectData.DigestAlgorithmOid + "."));
                return false;
            }

            result.DigestAlgorithm = algorithm.Name;
            if (algorithm == HashAlgorithmName.MD5)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.WeakAlgorithm, "The file digest uses MD5, which is broken."));
            }
            else if (algorithm == HashAlgorithmName.SHA1)
            {
                problems.Add(new SignatureProblem(_failOnSha1 ? AuthenticodeStatus.WeakAlgorithm : null, "The file digest uses SHA-1, which is deprecated."));
            }

            byte[] actual = context.ComputeDigest(algorithm);
            if (!DigestAlgorithms.FixedTimeEquals(actual, indirectData.Digest))
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.HashMismatch, "The file's " + algorithm.Name + " digest " + HexConverter.ToUpperHex(actual) + " does not match the signed digest " + HexConverter.ToUpperHex(indirectData.Digest) + "."));
            }

            if (context.CheckPageHashes != null && pageHashes != null)
            {
                SignatureProblem? pageProblem = context.CheckPageHashes(pageHashOid, pageHashes);
                if (pageProblem.HasValue)
                {
                    problems.Add(pageProblem.Value);
                }
            }

            return true;
        }

        private void VerifyNestedSignatures(VerificationContext context, CmsSignerInfo signer, AuthenticodeSignature result, List<SignatureProblem> problems, int depth)
        {
            var nested = new List<AuthenticodeSignature>();
            foreach (CmsAttribute attribute in signer.UnsignedAttributes)
            {
                if (attribute.Oid != PkcsOids.NestedSignatureAttribute)
                {
                    continue;
                }

                foreach (ReadOnlyMemory<byte> value in attribute.Values)
                {
                    if (depth >= MaxNestingDepth || nested.Count >= MaxNestedSignatures)
                    {
                        problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The signature nests more signatures than allowed (depth " + MaxNestingDepth + ", count " + MaxNestedSignatures + ")."));
                        result.NestedSignatures = nested.ToArray();
                        return;
                    }

                    var innerProblems = new List<SignatureProblem>();
                    AuthenticodeSignature inner = VerifySignature(context, value.ToArray(), innerProblems, null, depth + 1);
                    nested.Add(inner);

                    // Every signature must hold, so the nested signature's problems count as the file's:
                    // accepting the file when any one signature verifies would let a forged signature
                    // ride along with an intact one.
                    foreach (SignatureProblem problem in innerProblems)
                    {
                        problems.Add(new SignatureProblem(problem.Status, "Nested signature " + nested.Count + " (" + (inner.DigestAlgorithm ?? "unknown digest") + "): " + problem.Message));
                    }
                }
            }

            result.NestedSignatures = nested.ToArray();
        }

        private static SignatureProblem? CheckPageHashes(PeImage image, Stream content, string? pageHashOid, byte[] pageHashes, CancellationToken cancellationToken)
        {
            HashAlgorithmName algorithm = pageHashOid == PkcsOids.PageHashesV1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
            byte[]? expected = image.ComputePageHashes(content, algorithm, cancellationToken);
            if (expected == null)
            {
                return new SignatureProblem(AuthenticodeStatus.Malformed, "The PE headers or section table do not fit the file, so the page hashes cannot be checked.");
            }

            return DigestAlgorithms.FixedTimeEquals(expected, pageHashes)
                ? (SignatureProblem?)null
                : new SignatureProblem(AuthenticodeStatus.HashMismatch, "The " + algorithm.Name + " page hashes do not match the file's pages.");
        }

        private static AuthenticodeSignature Finish(AuthenticodeSignature result, List<SignatureProblem> problems)
        {
            result.Problems = problems.Select(problem => problem.Message).ToArray();
            SignatureProblem? worst = SignatureProblem.MostSerious(problems);
            if (worst.HasValue)
            {
                result.Status = worst.Value.Status!;
                result.StatusMessage = worst.Value.Message;
            }
            else
            {
                result.Status = AuthenticodeStatus.Valid;
                result.StatusMessage = "Signed by '" + result.SignerSubject + "'"
                    + (result.RootSubject != null ? ", chained to '" + result.RootSubject + "'" : string.Empty)
                    + (result.TimestampUtc.HasValue ? ", timestamped " + result.TimestampUtc.Value.ToString("u") : string.Empty)
                    + "; the signature is valid.";
            }

            return result;
        }

        private static DateTime AsUtc(DateTime time) =>
            time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();

        private delegate SignatureProblem? PageHashCheck(string? pageHashOid, byte[] pageHashes);

        private sealed class VerificationContext
        {
            public VerificationContext(string path, string fileType, Func<HashAlgorithmName, byte[]> computeDigest, PageHashCheck? checkPageHashes, CancellationToken cancellationToken)
            {
                Path = path;
                FileType = fileType;
                ComputeDigest = computeDigest;
                CheckPageHashes = checkPageHashes;
                CancellationToken = cancellationToken;
            }

            public string Path { get; }

            public string FileType { get; }

            public Func<HashAlgorithmName, byte[]> ComputeDigest { get; }

            public PageHashCheck? CheckPageHashes { get; }

            public CancellationToken CancellationToken { get; }
        }
    }
}
