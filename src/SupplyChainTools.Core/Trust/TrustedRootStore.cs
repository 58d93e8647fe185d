using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>Loads trust anchors from PEM bundles or DER files.</summary>
    public static class TrustedRootStore
    {
        /// <summary>The .NET SDK's bundle of the Microsoft Trusted Root Program code-signing roots.</summary>
        public const string CodeSigningBundleFileName = "codesignctl.pem";

        /// <summary>The .NET SDK's bundle of the Microsoft Trusted Root Program time-stamping roots.</summary>
        public const string TimestampBundleFileName = "timestampctl.pem";

        private const string BeginCertificate = "-----BEGIN CERTIFICATE-----";
        private const string EndCertificate = "-----END CERTIFICATE-----";

        private const int MaxCachedBundles = 16;

        /// <summary>Bundles read this session, keyed by full path, length and last write time: a changed file is read again.</summary>
        private static readonly BoundedCache<string, X509Certificate2[]> Bundles = new BoundedCache<string, X509Certificate2[]>(MaxCachedBundles, StringComparer.Ordinal);

        /// <summary>
        /// Every certificate of a PEM bundle, or the single certificate of a DER file. Each bundle is parsed once per
        /// session (scripts call cmdlets in loops); the returned collection is the caller's own.
        /// </summary>
        public static X509Certificate2Collection LoadPemBundle(string path)
        {
            InputFileOpener.EnsureRegularFile(path, InputKind.CertificateBundle);
            var file = new FileInfo(Path.GetFullPath(path));
            string key = file.FullName + "|" + file.Length + "|" + file.LastWriteTimeUtc.Ticks;
            return new X509Certificate2Collection(Bundles.GetOrAdd(key, _ => ReadBundle(file.FullName)));
        }

        private static X509Certificate2[] ReadBundle(string path)
        {
            byte[] content = InputFileOpener.ReadAllBytes(path, InputKind.CertificateBundle);
            var certificates = new List<X509Certificate2>();
            foreach (byte[] der in PemReader.ReadBlocks(content, BeginCertificate, EndCertificate))
            {
                certificates.Add(Decode(der, path, certificates.Count + 1));
            }

            if (certificates.Count == 0 && content.Length > 0 && content[0] == 0x30)
            {
                certificates.Add(Decode(content, path, 1));
            }

            if (certificates.Count == 0)
            {
                throw new InvalidDataException("'" + path + "' holds no PEM or DER certificate.");
            }

            return certificates.ToArray();
        }

        private static X509Certificate2 Decode(byte[] der, string path, int number)
        {
            try
            {
                return CertificateFactory.FromDer(der);
            }
            catch (CryptographicException exception)
            {
                throw new InvalidDataException("Certificate " + number + " in '" + path + "' is not a valid X.509 certificate.", exception);
            }
        }

        /// <summary>Options trusting <c>codesignctl.pem</c> and <c>timestampctl.pem</c> from <paramref name="trustedRootsFolder"/>.</summary>
        public static AuthenticodeOptions CreateDefaultOptions(string trustedRootsFolder)
        {
            return new AuthenticodeOptions
            {
                CodeSigningRoots = LoadPemBundle(Path.Combine(trustedRootsFolder, CodeSigningBundleFileName)),
                TimestampRoots = LoadPemBundle(Path.Combine(trustedRootsFolder, TimestampBundleFileName)),
                UseOperatingSystemTrust = true,
            };
        }
    }
}
