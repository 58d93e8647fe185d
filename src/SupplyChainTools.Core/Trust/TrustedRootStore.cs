using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Trust
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
            byte[] content = File.ReadAllBytes(path);
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

    internal static class PemReader
    {
        /// <summary>Base64 bodies between the markers; text outside them (comments, other blocks) is ignored.</summary>
        public static System.Collections.Generic.IEnumerable<byte[]> ReadBlocks(byte[] content, string begin, string end)
        {
            string text = Encoding.ASCII.GetString(content);
            int position = 0;
            while (true)
            {
                int start = text.IndexOf(begin, position, StringComparison.Ordinal);
                if (start < 0)
                {
                    yield break;
                }

                int bodyStart = start + begin.Length;
                int stop = text.IndexOf(end, bodyStart, StringComparison.Ordinal);
                if (stop < 0)
                {
                    throw new InvalidDataException("A PEM block has no end marker.");
                }

                string body = text.Substring(bodyStart, stop - bodyStart);
                byte[] der;
                try
                {
                    der = Convert.FromBase64String(body.Replace("\r", string.Empty).Replace("\n", string.Empty).Replace(" ", string.Empty).Replace("\t", string.Empty));
                }
                catch (FormatException exception)
                {
                    throw new InvalidDataException("A PEM block is not valid base64.", exception);
                }

                yield return der;
                position = stop + end.Length;
            }
        }
    }

    internal static class CertificateFactory
    {
        public static X509Certificate2 FromDer(byte[] der)
        {
#if NET9_0_OR_GREATER
            return X509CertificateLoader.LoadCertificate(der);
#else
            return new X509Certificate2(der);
#endif
        }
    }
}
