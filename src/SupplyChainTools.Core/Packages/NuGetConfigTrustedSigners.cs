using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Xml;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>
    /// Reads the trustedSigners section of a nuget.config: each &lt;author&gt; and &lt;repository&gt; with its
    /// &lt;certificate fingerprint hashAlgorithm allowUntrustedRoot&gt; elements and, for a repository, its &lt;owners&gt;
    /// (semicolon-separated). Only SHA256 fingerprints are taken; others are refused with the line that holds them.
    /// </summary>
    public static class NuGetConfigTrustedSigners
    {
        private const int MaximumSigners = 1024;

        /// <summary>The trusted signers of the nuget.config at <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file and line.</summary>
        public static IList<PackageTrustedSigner> Read(string path, CancellationToken cancellationToken)
        {
            byte[] content = InputFileOpener.ReadAllBytes(path, InputKind.NuGetConfig, cancellationToken);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = content.Length + 1L };
            var signers = new List<PackageTrustedSigner>();
            var reader = XmlReader.Create(new MemoryStream(content), settings);
            try
            {
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "trustedSigners" && !reader.IsEmptyElement)
                    {
                        ReadSigners(reader.ReadSubtree(), path, signers);
                    }
                }
            }
            catch (XmlException exception)
            {
                throw new InvalidDataException("The nuget.config '" + path + "' is not valid XML (line " + exception.LineNumber + "): " + exception.Message, exception);
            }
            finally
            {
                reader.Dispose();
            }

            return signers;
        }

        /// <summary>A command-line fingerprint: SHA-256 hex (64 digits, separators allowed) matching an author or repository certificate; null when <paramref name="value"/> is not one.</summary>
        public static PackageTrustedSigner? FromFingerprint(string value)
        {
            string normalized = Thumbprint.Normalize(value);
            return normalized.Length == 64 && Thumbprint.IsWellFormed(normalized)
                ? new PackageTrustedSigner(normalized, PackageTrustedSigner.Any, new[] { normalized })
                : null;
        }

        private static void ReadSigners(XmlReader reader, string path, List<PackageTrustedSigner> signers)
        {
            string? kind = null;
            string name = string.Empty;
            var fingerprints = new List<string>();
            var untrustedRoots = new List<string>();
            var owners = new List<string>();
            void Flush()
            {
                if (kind != null)
                {
                    if (signers.Count >= MaximumSigners)
                    {
                        throw new InvalidDataException("The nuget.config '" + path + "' lists more than " + MaximumSigners + " trusted signers.");
                    }

                    signers.Add(new PackageTrustedSigner(name, kind, fingerprints.ToList(), owners.ToList(), untrustedRoots.ToList()));
                }

                kind = null;
                fingerprints.Clear();
                untrustedRoots.Clear();
                owners.Clear();
            }

            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var lineInfo = (IXmlLineInfo)reader;
                switch (reader.LocalName)
                {
                    case "author":
                    case "repository":
                        Flush();
                        kind = reader.LocalName == "author" ? PackageTrustedSigner.Author : PackageTrustedSigner.Repository;
                        name = reader.GetAttribute("name") ?? string.Empty;
                        break;
                    case "certificate":
                        string algorithm = reader.GetAttribute("hashAlgorithm") ?? "SHA256";
                        string fingerprint = Thumbprint.Normalize(reader.GetAttribute("fingerprint") ?? string.Empty);
                        if (!string.Equals(algorithm, "SHA256", StringComparison.OrdinalIgnoreCase) || fingerprint.Length != 64 || !Thumbprint.IsWellFormed(fingerprint))
                        {
                            throw new InvalidDataException("The nuget.config '" + path + "' line " + lineInfo.LineNumber + ": a trusted signer certificate must have a SHA256 fingerprint of 64 hex digits.");
                        }

                        fingerprints.Add(fingerprint);
                        if (string.Equals(reader.GetAttribute("allowUntrustedRoot"), "true", StringComparison.OrdinalIgnoreCase))
                        {
                            untrustedRoots.Add(fingerprint);
                        }

                        break;
                    case "owners":
                        owners.AddRange(reader.ReadElementContentAsString().Split(';').Select(owner => owner.Trim()).Where(owner => owner.Length > 0));
                        break;
                }
            }

            Flush();
        }
    }
}
