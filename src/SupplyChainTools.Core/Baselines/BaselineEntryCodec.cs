using System;
using System.Collections.Generic;
using System.Globalization;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>Entry lines: see docs/baseline-format.md for every key.</summary>
    internal static class BaselineEntryCodec
    {
        public static byte[] ToLine(JsonLineWriter writer, BaselineEntry entry, IReadOnlyList<string> algorithms)
        {
            writer.Start();
            writer.String("path", entry.Path);
            writer.Number("tree", entry.Tree);
            writer.String("type", entry.Type);
            if (entry.PathLossy)
            {
                writer.Boolean("pathLossy", true);
            }

            writer.String("target", entry.LinkTarget);
            if (entry.Size.HasValue) writer.Number("size", entry.Size.Value);
            writer.String("mode", entry.ModeText);
            if (entry.OwnerId.HasValue) writer.Number("uid", entry.OwnerId.Value);
            if (entry.GroupId.HasValue) writer.Number("gid", entry.GroupId.Value);
            if (entry.LastWriteTimeUtc.HasValue) writer.String("mtime", BaselineTime.Format(entry.LastWriteTimeUtc.Value));
            if (entry.ChangeTimeUtc.HasValue) writer.String("ctime", BaselineTime.Format(entry.ChangeTimeUtc.Value));
            if (entry.Device.HasValue) writer.Number("dev", entry.Device.Value);
            if (entry.Inode.HasValue) writer.Number("ino", entry.Inode.Value);
            foreach (string algorithm in algorithms)
            {
                writer.String(algorithm, entry.GetHash(algorithm));
            }

            if (entry.Signer != null)
            {
                BaselineSigner signer = entry.Signer;
                writer.String("sigStatus", signer.Status);
                writer.String("sigFileType", signer.FileType);
                writer.String("signer", signer.SignerSubject);
                writer.String("signerThumbprint", signer.SignerThumbprint);
                writer.String("publisher", signer.Publisher);
                writer.String("rootSubject", signer.RootSubject);
                writer.String("rootThumbprint", signer.RootThumbprint);
                if (signer.TimestampUtc.HasValue) writer.String("timestampUtc", BaselineTime.Format(signer.TimestampUtc.Value));
            }

            if (entry.Version != null)
            {
                BaselineVersion version = entry.Version;
                writer.String("fileVersion", version.FileVersion);
                writer.String("fileVersionNumber", version.FileVersionNumber);
                writer.String("productVersion", version.ProductVersion);
                writer.String("companyName", version.CompanyName);
                writer.String("productName", version.ProductName);
            }

            writer.String("error", entry.Error);
            return writer.Finish();
        }

        public static BaselineEntry FromLine(JsonLine line, BaselineHeader header)
        {
            string path = line.RequireString("path");
            long tree = line.GetNumber("tree") ?? throw new FormatException("'tree' is missing.");
            string type = line.RequireString("type");
            if (tree < 0 || tree >= header.Roots.Count)
            {
                throw new FormatException($"'tree' {tree.ToString(CultureInfo.InvariantCulture)} names no root of the header.");
            }

            if (!BaselineEntryType.IsKnown(type))
            {
                throw new FormatException($"unknown entry type '{type}'.");
            }

            ValidatePath(path);
            var entry = new BaselineEntry((int)tree, path, type)
            {
                PathLossy = line.GetBoolean("pathLossy"),
                LinkTarget = line.GetString("target"),
                Size = line.GetNumber("size"),
                OwnerId = line.GetNumber("uid"),
                GroupId = line.GetNumber("gid"),
                Device = line.GetNumber("dev"),
                Inode = line.GetNumber("ino"),
                Error = line.GetString("error"),
            };

            string? mode = line.GetString("mode");
            if (mode != null)
            {
                entry.Mode = ParseMode(mode);
            }

            string? mtime = line.GetString("mtime");
            if (mtime != null) entry.LastWriteTimeUtc = BaselineTime.Parse(mtime);
            string? ctime = line.GetString("ctime");
            if (ctime != null) entry.ChangeTimeUtc = BaselineTime.Parse(ctime);
            foreach (string algorithm in header.Algorithms)
            {
                string? hash = line.GetString(algorithm);
                if (hash != null)
                {
                    if (hash.Length != Hashing.SupportedHashAlgorithms.DigestLength(algorithm) * 2 || !Hashing.HexConverter.IsHex(hash))
                    {
                        throw new FormatException($"'{algorithm}' is not a {algorithm} digest.");
                    }

                    entry.Hashes[algorithm] = hash.ToUpperInvariant();
                }
            }

            string? status = line.GetString("sigStatus");
            if (status != null)
            {
                string? timestamp = line.GetString("timestampUtc");
                entry.Signer = new BaselineSigner(
                    status,
                    line.GetString("sigFileType"),
                    line.GetString("signer"),
                    line.GetString("signerThumbprint"),
                    line.GetString("rootSubject"),
                    line.GetString("rootThumbprint"),
                    timestamp == null ? (DateTime?)null : BaselineTime.Parse(timestamp),
                    line.GetString("publisher"));
            }

            if (line.Has("fileVersion") || line.Has("fileVersionNumber") || line.Has("productVersion") || line.Has("companyName") || line.Has("productName"))
            {
                entry.Version = new BaselineVersion(line.GetString("fileVersion"), line.GetString("fileVersionNumber"), line.GetString("productVersion"), line.GetString("companyName"), line.GetString("productName"));
            }

            return entry;
        }

        /// <summary>
        /// A path must stay below its root: a baseline is later used to rescan paths (Update-SoftwareBaseline),
        /// so "..", absolute paths and empty components are refused.
        /// </summary>
        public static void ValidatePath(string path)
        {
            if (path.Length == 0 || path[0] == '/' || path[path.Length - 1] == '/')
            {
                throw new FormatException($"the path '{path}' is not a relative path.");
            }

            foreach (string component in path.Split('/'))
            {
                if (component.Length == 0 || component == "." || component == ".." || component.IndexOf('\0') >= 0)
                {
                    throw new FormatException($"the path '{path}' has an empty, '.' or '..' component.");
                }
            }

            if (path.Length >= 2 && path[1] == ':' || path.IndexOf('\\') >= 0 && System.IO.Path.DirectorySeparatorChar == '\\')
            {
                throw new FormatException($"the path '{path}' is not a relative path.");
            }
        }

        private static int ParseMode(string text)
        {
            if (text.Length == 0 || text.Length > 6)
            {
                throw new FormatException($"'mode' {text} is not an octal mode.");
            }

            int value = 0;
            foreach (char c in text)
            {
                if (c < '0' || c > '7')
                {
                    throw new FormatException($"'mode' {text} is not an octal mode.");
                }

                value = (value * 8) + (c - '0');
            }

            return value;
        }
    }
}
