using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>
    /// One security catalog, parsed and verified once, against which many files are checked for membership.
    /// Immutable after construction, so one instance serves parallel callers.
    /// </summary>
    public sealed class CatalogVerifier
    {
        /// <summary>FileType of a catalog member that is neither a PE image nor a PowerShell script.</summary>
        public const string PlainFileType = "File";

        /// <summary>Largest CAB member hashed with the CAB SIP rule (which needs the whole file in memory); larger ones are hashed flat.</summary>
        public const long MaximumCabinetMemberSize = 256L * 1024 * 1024;

        private const int HashBufferSize = 81920;

        private readonly CatalogFile? catalog;
        private readonly List<HashAlgorithmName> memberAlgorithms;
        private readonly Dictionary<string, List<CatalogMember>> membersByFileName;

        /// <summary>Reads, parses and verifies the catalog at <paramref name="catalogPath"/>; throws only when it cannot be read (or is not a regular file, or is too large).</summary>
        public CatalogVerifier(AuthenticodeVerifier verifier, string catalogPath, CancellationToken cancellationToken = default)
            : this(verifier, catalogPath, ReadCatalogFile(catalogPath, cancellationToken), cancellationToken)
        {
        }

        /// <summary>Parses and verifies <paramref name="catalogBytes"/> as the catalog named <paramref name="catalogPath"/>.</summary>
        public CatalogVerifier(AuthenticodeVerifier verifier, string catalogPath, byte[] catalogBytes, CancellationToken cancellationToken = default)
        {
            if (verifier == null)
            {
                throw new ArgumentNullException(nameof(verifier));
            }

            if (catalogBytes == null)
            {
                throw new ArgumentNullException(nameof(catalogBytes));
            }

            CatalogPath = catalogPath ?? throw new ArgumentNullException(nameof(catalogPath));
            CatalogParseResult parsed;
            if (catalogBytes.LongLength > CatalogFile.MaximumFileSize)
            {
                string tooLarge = "The catalog is " + catalogBytes.LongLength + " bytes, larger than the " + CatalogFile.MaximumFileSize + "-byte limit.";
                parsed = new CatalogParseResult(null, new[] { tooLarge }, AuthenticodeStatus.Malformed);
            }
            else
            {
                parsed = CatalogFile.TryParse(catalogBytes);
            }

            CatalogSignature = verifier.VerifyCatalog(catalogPath, parsed, cancellationToken);
            catalog = parsed.Catalog;
            memberAlgorithms = catalog?.MemberAlgorithms() ?? new List<HashAlgorithmName>();
            membersByFileName = new Dictionary<string, List<CatalogMember>>(StringComparer.OrdinalIgnoreCase);
            foreach (CatalogMember member in Members)
            {
                string? recordedPath = RecordedPathOf(member);
                if (recordedPath == null)
                {
                    continue;
                }

                string fileName = LastSegment(recordedPath);
                if (!membersByFileName.TryGetValue(fileName, out List<CatalogMember>? sameName))
                {
                    sameName = new List<CatalogMember>();
                    membersByFileName.Add(fileName, sameName);
                }

                sameName.Add(member);
            }
        }

        public string CatalogPath { get; }

        /// <summary>The verdict on the catalog's own signature, chain and timestamp (FileType "Catalog").</summary>
        public AuthenticodeSignature CatalogSignature { get; }

        /// <summary>The parsed catalog, or null when it could not be read as one (see <see cref="CatalogSignature"/>).</summary>
        public CatalogFile? Catalog => catalog;

        public IReadOnlyList<CatalogMember> Members => catalog?.Members ?? (IReadOnlyList<CatalogMember>)Array.Empty<CatalogMember>();

        /// <summary>
        /// Checks whether the catalog vouches for one file. <paramref name="content"/> (seekable) is the file's
        /// content; when null the file at <paramref name="path"/> is read. Throws only on I/O errors.
        /// </summary>
        public AuthenticodeSignature VerifyMember(string path, Stream? content, CancellationToken cancellationToken)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (content == null)
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, HashBufferSize))
                {
                    return VerifyMember(path, stream, cancellationToken);
                }
            }

            if (!content.CanSeek || !content.CanRead)
            {
                throw new ArgumentException("The content stream must be readable and seekable.", nameof(content));
            }

            var fileHashes = new MemberHashes(content, memberAlgorithms.FirstOrDefault(), cancellationToken);
            CatalogMember? member = FindMember(fileHashes, out HashAlgorithmName matchedAlgorithm);
            string fileType = fileHashes.IsPeImage ? AuthenticodeVerifier.PeFileType : ScriptSignatureParser.IsScriptFileType(path) ? AuthenticodeVerifier.PowerShellScriptFileType : PlainFileType;
            var result = CopyCatalogSignature(path, fileType);
            string catalogName = Path.GetFileName(CatalogPath);
            var problems = new List<string>();
            string membership;
            string? membershipStatus;
            if (member != null)
            {
                result.DigestAlgorithm = matchedAlgorithm.Name;
                membership = "The file's " + matchedAlgorithm.Name + " " + fileHashes.KindDescription + " hash is listed in catalog '" + catalogName + "'"
                    + (RecordedPathOf(member) is string recorded ? " as '" + recorded + "'" : string.Empty) + ".";
                membershipStatus = null;
            }
            else
            {
                HashAlgorithmName primary = memberAlgorithms.FirstOrDefault();
                result.DigestAlgorithm = primary.Name;
                string actualHex = primary.Name == null ? string.Empty : " (" + primary.Name + " " + HexConverter.ToUpperHex(fileHashes.Get(primary)) + ")";
                CatalogMember? listedAs = FindListedCounterpart(path);
                if (fileHashes.CertificateTableProblem != null)
                {
                    membership = "The file's certificate table is not one the image hash may leave out (" + fileHashes.CertificateTableProblem.TrimEnd('.')
                        + "), so its bytes are hashed as part of the image, and that image is not listed in catalog '" + catalogName + "'" + actualHex + ".";
                    membershipStatus = AuthenticodeStatus.UnexpectedData;
                }
                else if (listedAs != null)
                {
                    var sameName = new List<CatalogMember> { listedAs };
                    membership = "The file changed since catalog '" + catalogName + "' was signed: the catalog lists '" + RecordedPathOf(sameName[0])
                        + "' with hash " + ExpectedHexOf(sameName[0]) + ", not this file's hash" + actualHex + ".";
                    membershipStatus = AuthenticodeStatus.HashMismatch;
                }
                else
                {
                    membership = "The file is not listed in catalog '" + catalogName + "'" + actualHex + ".";
                    membershipStatus = AuthenticodeStatus.NotSigned;
                }
            }

            problems.AddRange(CatalogSignature.Problems.Select(problem => "Catalog '" + catalogName + "': " + problem));
            if (!CatalogSignature.IsValid)
            {
                result.Status = CatalogSignature.Status;
                result.StatusMessage = "Catalog '" + catalogName + "' cannot vouch for the file: " + CatalogSignature.StatusMessage;
                problems.Add(membership);
            }
            else if (membershipStatus != null)
            {
                result.Status = membershipStatus;
                result.StatusMessage = membership;
                problems.Add(membership);
            }
            else
            {
                result.Status = AuthenticodeStatus.Valid;
                result.StatusMessage = membership.TrimEnd('.') + ", signed by '" + CatalogSignature.SignerSubject + "'; the catalog signature is valid.";
            }

            result.Problems = problems.ToArray();
            return result;
        }

        /// <summary>
        /// The member recorded for this file's place, if any. Under the catalog's folder, the member whose recorded
        /// relative path is the file's own (a bare name means the top level); for a file outside that folder, a
        /// member recorded by bare file name (as makecat catalogs do). A file in another subfolder that merely
        /// shares a name with a listed file is not its counterpart.
        /// </summary>
        private CatalogMember? FindListedCounterpart(string path)
        {
            if (!membersByFileName.TryGetValue(Path.GetFileName(path), out List<CatalogMember>? sameName))
            {
                return null;
            }

            string catalogFolder = Path.GetDirectoryName(Path.GetFullPath(CatalogPath)) ?? string.Empty;
            string fullPath = Path.GetFullPath(path);
            string? relative = fullPath.StartsWith(catalogFolder + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
                ? fullPath.Substring(catalogFolder.Length + 1).Replace('\\', '/')
                : null;
            foreach (CatalogMember member in sameName)
            {
                string recorded = (RecordedPathOf(member) ?? string.Empty).Replace('\\', '/');
                bool matches = relative != null
                    ? string.Equals(recorded, relative, StringComparison.OrdinalIgnoreCase)
                    : recorded.IndexOf('/') < 0;
                if (matches)
                {
                    return member;
                }
            }

            return null;
        }

        /// <summary>The relative path the catalog records for a member: its "FilePath" name value, else its "File" name value.</summary>
        public static string? RecordedPathOf(CatalogMember member)
        {
            if (member == null)
            {
                throw new ArgumentNullException(nameof(member));
            }

            foreach (CatalogNameValue nameValue in member.NameValues)
            {
                if (string.Equals(nameValue.Name, "FilePath", StringComparison.OrdinalIgnoreCase) && nameValue.Value.Length > 0)
                {
                    return nameValue.Value;
                }
            }

            string? fileName = member.FileName;
            return string.IsNullOrEmpty(fileName) ? null : fileName;
        }

        /// <summary>The digest a member lists, as upper-case hex.</summary>
        internal static string ExpectedHexOf(CatalogMember member) =>
            member.DigestHex ?? (member.IdentifierText is string text ? text.ToUpperInvariant() : member.IdentifierHex);

        /// <summary>The member listing this content's hash in any algorithm the catalog uses (strongest first), or null.</summary>
        internal CatalogMember? FindMember(MemberHashes fileHashes, out HashAlgorithmName matchedAlgorithm)
        {
            matchedAlgorithm = default;
            if (catalog == null)
            {
                return null;
            }

            foreach (HashAlgorithmName algorithm in memberAlgorithms)
            {
                CatalogMember? member = catalog.FindMember(fileHashes.Get(algorithm));
                if (member != null)
                {
                    matchedAlgorithm = algorithm;
                    return member;
                }
            }

            return null;
        }

        internal IReadOnlyList<HashAlgorithmName> MemberAlgorithms => memberAlgorithms;

        private AuthenticodeSignature CopyCatalogSignature(string path, string fileType)
        {
            AuthenticodeSignature source = CatalogSignature;
            return new AuthenticodeSignature(path, fileType)
            {
                SignatureType = AuthenticodeVerifier.CatalogFileType,
                SignerSubject = source.SignerSubject,
                SignerThumbprint = source.SignerThumbprint,
                SignerNotAfter = source.SignerNotAfter,
                IssuerSubject = source.IssuerSubject,
                RootSubject = source.RootSubject,
                RootThumbprint = source.RootThumbprint,
                Chain = source.Chain,
                TimestampUtc = source.TimestampUtc,
                TimestampType = source.TimestampType,
                TimestampSigner = source.TimestampSigner,
                NestedSignatures = source.NestedSignatures,
                SignerCertificate = source.SignerCertificate,
            };
        }

        /// <summary>Throws <see cref="FileSystem.InputFileTooLargeException"/> for a catalog over <see cref="CatalogFile.MaximumFileSize"/>.</summary>
        private static byte[] ReadCatalogFile(string catalogPath, CancellationToken cancellationToken)
        {
            if (catalogPath == null)
            {
                throw new ArgumentNullException(nameof(catalogPath));
            }

            return FileSystem.InputFileOpener.ReadAllBytes(catalogPath, FileSystem.InputKind.Catalog, cancellationToken);
        }

        private static string LastSegment(string recordedPath)
        {
            int separator = recordedPath.LastIndexOfAny(new[] { '\\', '/' });
            return separator < 0 ? recordedPath : recordedPath.Substring(separator + 1);
        }

        /// <summary>
        /// The catalog hashes of one file's content, computed on demand per algorithm: the Authenticode image hash
        /// for a PE (an unsigned PE zero-padded to a multiple of 8), the CAB SIP hash for a cabinet, otherwise the
        /// plain hash of the bytes. Streams the content; only cabinets are read whole (bounded).
        /// </summary>
        internal sealed class MemberHashes
        {
            private readonly Stream content;
            private readonly CancellationToken cancellationToken;
            private readonly Dictionary<string, byte[]> computed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            private readonly bool isCabinet;

            internal MemberHashes(Stream content, HashAlgorithmName firstAlgorithm, CancellationToken cancellationToken)
            {
                this.content = content;
                this.cancellationToken = cancellationToken;
                HashAlgorithmName probe = firstAlgorithm.Name == null ? HashAlgorithmName.SHA256 : firstAlgorithm;
                if (PeImageDigest.TryCompute(content, probe, cancellationToken, out byte[]? imageDigest, out _, out string? certificateTableProblem) && imageDigest != null)
                {
                    IsPeImage = true;
                    CertificateTableProblem = certificateTableProblem;
                    computed[probe.Name!] = imageDigest;
                }
                else
                {
                    isCabinet = content.Length >= 4 && content.Length <= MaximumCabinetMemberSize && StartsWithCabinetMagic(content);
                }
            }

            internal bool IsPeImage { get; }

            /// <summary>Why the certificate table the PE header points at was hashed instead of left out; null when it was left out or there is none.</summary>
            internal string? CertificateTableProblem { get; }

            internal string KindDescription => IsPeImage ? "PE image" : isCabinet ? "cabinet" : "file";

            internal byte[] Get(HashAlgorithmName algorithm)
            {
                if (computed.TryGetValue(algorithm.Name!, out byte[]? digest))
                {
                    return digest;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (IsPeImage)
                {
                    PeImageDigest.TryCompute(content, algorithm, cancellationToken, out digest);
                }
                else if (isCabinet)
                {
                    byte[] bytes = AuthenticodeVerifier.ReadBounded(content, MaximumCabinetMemberSize, cancellationToken)!;
                    digest = CatalogMemberHasher.TryComputeCabinetHash(bytes, algorithm, out byte[] cabinetHash)
                        ? cabinetHash
                        : CatalogMemberHasher.ComputeHash(bytes, algorithm);
                }
                else
                {
                    digest = HashWholeStream(algorithm);
                }

                digest ??= HashWholeStream(algorithm);
                computed[algorithm.Name!] = digest;
                return digest;
            }

            private byte[] HashWholeStream(HashAlgorithmName algorithm)
            {
                using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
                {
                    var buffer = new byte[HashBufferSize];
                    content.Position = 0;
                    int read;
                    while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        hash.TransformBlock(buffer, 0, read, null, 0);
                    }

                    hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                    return hash.Hash ?? Array.Empty<byte>();
                }
            }

            private static bool StartsWithCabinetMagic(Stream stream)
            {
                var magic = new byte[4];
                stream.Position = 0;
                int total = 0;
                while (total < magic.Length)
                {
                    int read = stream.Read(magic, total, magic.Length - total);
                    if (read <= 0)
                    {
                        return false;
                    }

                    total += read;
                }

                return magic[0] == (byte)'M' && magic[1] == (byte)'S' && magic[2] == (byte)'C' && magic[3] == (byte)'F';
            }
        }
    }
}
