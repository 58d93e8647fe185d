using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// An installed Python distribution (&lt;name&gt;-&lt;version&gt;.dist-info/METADATA, the core metadata's e-mail style
    /// headers): Name, Version and license; the source is direct_url.json's URL for a direct install, otherwise what
    /// INSTALLER names (pip, uv, debian...). RECORD lists every installed file with its sha256 (urlsafe base64,
    /// unpadded) for -VerifyFiles; paths are relative to the folder holding the .dist-info.
    /// </summary>
    internal sealed class PythonDistInfoReader : IEvidenceReader
    {
        private const int MaximumHeaders = 10_000;
        private const int MaximumRecordLines = 1_000_000;

        public bool Handles(EvidenceFile file) =>
            string.Equals(file.Name, "METADATA", StringComparison.Ordinal) && file.Directory.EndsWith(".dist-info", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            Dictionary<string, string> headers = ReadHeaders(file.ReadText(cancellationToken), file.FullPath);
            if (!headers.TryGetValue("name", out string? name) || !headers.TryGetValue("version", out string? version))
            {
                throw new InventoryEvidenceException(file.FullPath, null, "it has no Name or no Version header, so it is not Python package metadata");
            }

            headers.TryGetValue("license-expression", out string? license);
            if (license == null && headers.TryGetValue("license", out string? licenseText) && licenseText.Length <= 100 && licenseText.IndexOf('\n') < 0)
            {
                license = licenseText;
            }

            string source = DirectUrl(file, cancellationToken) ?? Installer(file, cancellationToken) ?? string.Empty;
            string record = Path.Combine(file.Directory, "RECORD");
            string sitePackages = Path.GetDirectoryName(file.Directory) ?? file.Directory;
            RecordedFileList? recorded = File.Exists(record) ? new RecordedFileList(record, token => ReadRecord(record, sitePackages, token)) : null;
            var component = new SoftwareComponent(
                SoftwareEcosystem.PyPI, name, version, PackageUrl.PyPI(name, version), file.FullPath, EvidenceKind.PythonDistInfo, false,
                source.Length == 0 ? null : source, file.Directory, File.GetLastWriteTimeUtc(file.FullPath), license: license);
            return new[] { new InventoriedComponent(component, recorded) };
        }

        /// <summary>The header block (up to the first empty line), names lower-cased, first occurrence kept, continuation lines joined.</summary>
        internal static Dictionary<string, string> ReadHeaders(string text, string path)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            string? current = null;
            int lineNumber = 0;
            int count = 0;
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    break;
                }

                if ((line[0] == ' ' || line[0] == '\t') && current != null)
                {
                    headers[current] += "\n" + line.Trim();
                    continue;
                }

                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    throw new InventoryEvidenceException(path, lineNumber, "the line is not a \"Name: value\" header");
                }

                if (++count > MaximumHeaders)
                {
                    throw new InventoryEvidenceException(path, lineNumber, $"it has more than {MaximumHeaders:N0} headers");
                }

                string key = line.Substring(0, colon).Trim().ToLowerInvariant();
                if (!headers.ContainsKey(key))
                {
                    headers[key] = line.Substring(colon + 1).Trim();
                    current = key;
                }
                else
                {
                    current = null;
                }
            }

            return headers;
        }

        private static string? DirectUrl(EvidenceFile file, CancellationToken cancellationToken)
        {
            string path = Path.Combine(file.Directory, "direct_url.json");
            if (!File.Exists(path))
            {
                return null;
            }

            using JsonDocument document = EvidenceFile.ReadJson(path, cancellationToken);
            return JsonText.String(document.RootElement, "url");
        }

        private static string? Installer(EvidenceFile file, CancellationToken cancellationToken)
        {
            string path = Path.Combine(file.Directory, "INSTALLER");
            return File.Exists(path) ? EvidenceFile.ReadText(path, cancellationToken).Trim() : null;
        }

        /// <summary>RECORD's CSV rows "path,sha256=digest,size"; rows without a hash (RECORD itself, .pyc files) are not checkable and skipped.</summary>
        private static IEnumerable<RecordedFile> ReadRecord(string record, string sitePackages, CancellationToken cancellationToken)
        {
            string text = EvidenceFile.ReadText(record, cancellationToken);
            var files = new List<RecordedFile>();
            int lineNumber = 0;
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++lineNumber > MaximumRecordLines)
                {
                    throw new InventoryEvidenceException(record, lineNumber, $"it has more than {MaximumRecordLines:N0} lines");
                }

                List<string> fields = SplitCsv(line);
                if (fields.Count < 2 || fields[1].Length == 0)
                {
                    continue;
                }

                int equals = fields[1].IndexOf('=');
                string? algorithm = equals > 0 ? SupportedHashAlgorithms.Normalize(fields[1].Substring(0, equals)) : null;
                byte[]? digest = equals > 0 ? Digest(fields[1].Substring(equals + 1), algorithm) : null;
                if (algorithm == null || digest == null || digest.Length != SupportedHashAlgorithms.DigestLength(algorithm))
                {
                    throw new InventoryEvidenceException(record, lineNumber, $"the hash \"{fields[1]}\" is not \"algorithm=digest\" (urlsafe base64 or hex)");
                }

                string full = Path.GetFullPath(Path.Combine(sitePackages, fields[0]));
                files.Add(new RecordedFile(full, algorithm, HexConverter.ToUpperHex(digest)));
            }

            return files;
        }

        internal static List<string> SplitCsv(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            return fields;
        }

        /// <summary>The wheel specification's urlsafe base64 (unpadded); Debian's packaged dist-info writes hex instead, so hex of the digest's length is read too.</summary>
        private static byte[]? Digest(string text, string? algorithm)
        {
            if (algorithm != null && text.Length == SupportedHashAlgorithms.DigestLength(algorithm) * 2 && HexConverter.IsHex(text))
            {
                return HexConverter.FromHex(text);
            }

            return UrlSafeBase64(text);
        }

        private static byte[]? UrlSafeBase64(string text)
        {
            string padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            try
            {
                return Convert.FromBase64String(padded);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
