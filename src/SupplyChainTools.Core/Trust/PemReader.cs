using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SupplyChainTools.Core.Trust
{
    internal static class PemReader
    {
        /// <summary>Base64 bodies between the markers; text outside them (comments, other blocks) is ignored.</summary>
        public static IEnumerable<byte[]> ReadBlocks(byte[] content, string begin, string end)
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
