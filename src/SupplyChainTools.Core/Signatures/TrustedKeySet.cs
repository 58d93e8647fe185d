using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Org.BouncyCastle.Bcpg.OpenPgp;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// The keys a user pins: OpenPGP public keys, minisign public keys, PEM public keys (cosign) and certificates
    /// (CMS trust anchors), read from key files and keyring folders, and fingerprints. With no fingerprint, every key
    /// read is trusted; with fingerprints, only the keys (or certificates) whose fingerprint is pinned are, and the
    /// files only supply the key material. Never "any key that verifies".
    /// </summary>
    public sealed partial class TrustedKeySet
    {
        /// <summary>Most key files read from one keyring folder.</summary>
        public const int MaximumFolderFiles = 1000;

        private readonly HashSet<string> _pins = new HashSet<string>(StringComparer.Ordinal);

        internal TrustedKeySet()
        {
        }

        internal List<PgpPublicKeyRing> OpenPgpRings { get; } = new List<PgpPublicKeyRing>();
        internal List<MinisignPublicKey> MinisignKeys { get; } = new List<MinisignPublicKey>();
        internal List<PemPublicKey> PublicKeys { get; } = new List<PemPublicKey>();
        internal X509Certificate2Collection Certificates { get; } = new X509Certificate2Collection();

        /// <summary>The fingerprints pinned, normalised (upper-case hex, no spaces or colons).</summary>
        public IReadOnlyCollection<string> Fingerprints => _pins;

        /// <summary>How many keys and certificates were read from files.</summary>
        public int KeyCount => OpenPgpRings.Count + MinisignKeys.Count + PublicKeys.Count + Certificates.Count;

        /// <summary>The key files that could not be used (one clear exception each, naming the file); the others were read.</summary>
        public IList<Exception> Problems { get; } = new List<Exception>();

        /// <summary>True when <paramref name="value"/> is written like a fingerprint rather than a path: 16, 40 or 64 hex digits, spaces or colons allowed.</summary>
        public static bool LooksLikeFingerprint(string value)
        {
            string normalized = Thumbprint.Normalize(value ?? string.Empty);
            return (normalized.Length == 16 || normalized.Length == 40 || normalized.Length == 64) && normalized.All(Uri.IsHexDigit);
        }

        /// <summary>
        /// Reads every key file and every file directly in each keyring folder of <paramref name="keyPaths"/>, and pins
        /// <paramref name="fingerprints"/>. A file that is not a key is a <see cref="Problems"/> entry; throws
        /// <see cref="ArgumentException"/> when a fingerprint is not one, or when nothing at all could be trusted.
        /// </summary>
        public static TrustedKeySet Load(IEnumerable<string> keyPaths, IEnumerable<string> fingerprints, CancellationToken cancellationToken = default)
        {
            var set = new TrustedKeySet();
            foreach (string fingerprint in fingerprints ?? Array.Empty<string>())
            {
                if (!LooksLikeFingerprint(fingerprint))
                {
                    throw new ArgumentException($"The trusted key '{fingerprint}' is neither a key file nor a fingerprint (16, 40 or 64 hex digits).");
                }

                set._pins.Add(Thumbprint.Normalize(fingerprint));
            }

            foreach (string path in keyPaths ?? Array.Empty<string>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Directory.Exists(path))
                {
                    set.ReadFolder(path, cancellationToken);
                }
                else
                {
                    set.ReadFileOrRecord(path, cancellationToken);
                }
            }

            if (set.KeyCount == 0 && set._pins.Count == 0)
            {
                string detail = set.Problems.Count > 0 ? " " + set.Problems[0].Message : string.Empty;
                throw new ArgumentException("No trusted key could be read, so nothing can be trusted." + detail);
            }

            return set;
        }

        /// <summary>True when a key with any of these fingerprints (or key ids) is trusted: pinned, or read from a key file when nothing is pinned.</summary>
        internal bool IsTrusted(bool keyFromFile, params string?[] fingerprints)
        {
            if (_pins.Count == 0)
            {
                return keyFromFile;
            }

            return fingerprints.Any(f => f != null && _pins.Contains(f.ToUpperInvariant()));
        }

        private void ReadFolder(string folder, CancellationToken cancellationToken)
        {
            int files = 0;
            foreach (WalkEntry entry in FileWalker.Walk(folder, new FileWalkOptions { Recurse = false }, cancellationToken))
            {
                if (entry.Kind == WalkEntryKind.Error && entry.Error != null)
                {
                    Problems.Add(entry.Error);
                }
                else if (entry.Kind == WalkEntryKind.File)
                {
                    if (++files > MaximumFolderFiles)
                    {
                        Problems.Add(new SignatureFormatException($"The keyring folder '{folder}' holds more than {MaximumFolderFiles} files; the rest were not read."));
                        return;
                    }

                    ReadFileOrRecord(entry.Path, cancellationToken);
                }
            }
        }

        private void ReadFileOrRecord(string path, CancellationToken cancellationToken)
        {
            try
            {
                ReadKeyFile(path, InputFileOpener.ReadAllBytes(path, InputKind.TrustedKey, cancellationToken));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                Problems.Add(ex is IOException || ex is UnauthorizedAccessException || ex is SignatureFormatException || ex is Hashing.NotARegularFileException
                    ? ex
                    : new SignatureFormatException($"The trusted key file '{path}' could not be read as a key: {ex.Message}", ex));
            }
        }
    }
}
