using System;
using System.IO;
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

        /// <summary>Every certificate of a PEM bundle, or the single certificate of a DER file.</summary>
        public static X509Certificate2Collection LoadPemBundle(string path)
        {
            byte[] content = InputFileOpener.ReadAllBytes(path, InputKind.CertificateBundle);
            var certificates = new X509Certificate2Collection();
            foreach (byte[] der in PemReader.ReadBlocks(content, BeginCertificate, EndCertificate))
            {
                certificates.Add(CertificateFactory.FromDer(der));
            }

            if (certificates.Count == 0 && content.Length > 0 && content[0] == 0x30)
            {
                certificates.Add(CertificateFactory.FromDer(content));
            }

            if (certificates.Count == 0)
            {
                throw new InvalidDataException("'" + path + "' holds no PEM or DER certificate.");
            }

            return certificates;
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
