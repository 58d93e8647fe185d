using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Xml;
using SupplyChainTools.Core.Archives;

namespace SupplyChainTools.Core.Appx
{
    /// <summary>
    /// The Publisher of the package's Identity (AppxManifest.xml, or AppxMetadata/AppxBundleManifest.xml for a bundle),
    /// which Windows requires to equal the signing certificate's subject.
    /// </summary>
    internal static class AppxManifestIdentity
    {
        /// <summary>The Identity Publisher; null when the manifest has none. Throws <see cref="ZipFormatException"/> when it cannot be read.</summary>
        public static string? ReadPublisher(AppxPackage package, Stream stream, CancellationToken cancellationToken)
        {
            byte[]? manifest = package.ReadPart(stream, package.IsBundle ? AppxPackage.BundleManifestFileName : AppxPackage.ManifestFileName, cancellationToken);
            if (manifest == null)
            {
                return null;
            }

            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            try
            {
                using (XmlReader reader = XmlReader.Create(new MemoryStream(manifest), settings))
                {
                    while (reader.Read())
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Identity" && reader.Depth == 1)
                        {
                            return reader.GetAttribute("Publisher");
                        }
                    }
                }
            }
            catch (XmlException exception)
            {
                throw new ZipFormatException("The package manifest is not valid XML (line " + exception.LineNumber + "): " + exception.Message);
            }

            return null;
        }

        /// <summary>Whether <paramref name="publisher"/> names the same distinguished name as the certificate's subject (attribute order and values).</summary>
        public static bool Matches(string publisher, X509Certificate2 certificate)
        {
            try
            {
                string manifest = new X500DistinguishedName(publisher).Decode(X500DistinguishedNameFlags.None);
                string subject = certificate.SubjectName.Decode(X500DistinguishedNameFlags.None);
                return string.Equals(manifest, subject, StringComparison.Ordinal);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}
