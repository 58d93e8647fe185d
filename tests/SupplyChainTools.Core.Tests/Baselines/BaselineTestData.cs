using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Core.Tests.Baselines
{
    internal static class BaselineTestData
    {
        public const string ValidThumbprint = "BB793DB742624269BB5F4515BBE9A3DF418F588D";
        public const string OtherThumbprint = "1111111111111111111111111111111111111111";
        public const string RootThumbprint = "8F43288AD272F3103B6FB1428485EA3014C0BCFE";

        public static BaselineHeader Header(params string[] roots) =>
            new BaselineHeader("0.1.0", "host", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), roots.Length == 0 ? new[] { "/opt/app" } : roots, new[] { "SHA256" });

        public static string Hash(string seed) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

        public static BaselineEntry File(string path, string content, int mode = 0x1A4, BaselineSigner? signer = null, string? version = null, int tree = 0)
        {
            var entry = new BaselineEntry(tree, path, BaselineEntryType.File)
            {
                Size = content.Length,
                Mode = mode,
                OwnerId = 0,
                GroupId = 0,
                LastWriteTimeUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                ChangeTimeUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                Device = 1,
                Inode = Math.Abs((long)path.GetHashCode()) + 10,
                Signer = signer,
                Version = version == null ? null : new BaselineVersion(version, version, version, "Contoso", "Product"),
            };
            entry.Hashes["SHA256"] = Hash(content);
            return entry;
        }

        public static BaselineEntry Directory(string path, int mode = 0x1ED) =>
            new BaselineEntry(0, path, BaselineEntryType.Directory) { Mode = mode, OwnerId = 0, GroupId = 0, LastWriteTimeUtc = DateTime.UnixEpoch, Device = 1, Inode = 5 };

        public static BaselineSigner Signed(string status = "Valid", string thumbprint = ValidThumbprint, string subject = "CN=.NET") =>
            new BaselineSigner(status, "PE", subject, thumbprint, "CN=Root", RootThumbprint, null);

        public static BaselineSigner Unsigned() => new BaselineSigner("NotSigned", "PE", null, null, null, null, null);

        public static string Write(string path, BaselineHeader header, IEnumerable<BaselineEntry> entries)
        {
            using var writer = new BaselineWriter(path, header);
            foreach (BaselineEntry entry in entries)
            {
                writer.Write(entry);
            }

            return writer.Complete();
        }

        public static X509Certificate2 Certificate(string subject)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx, "t"), "t", X509KeyStorageFlags.Exportable);
        }

        /// <summary>Rewrites the trailer after a hand edit, as a tamperer who knows the format would.</summary>
        public static void RecomputeTrailer(string path)
        {
            string[] lines = System.IO.File.ReadAllLines(path);
            string body = string.Join("\n", lines.Take(lines.Length - 1)) + "\n";
            string sha = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
            System.IO.File.WriteAllText(path, body + "{\"trailer\":true,\"entries\":" + (lines.Length - 2) + ",\"sha256\":\"" + sha + "\"}\n", new UTF8Encoding(false));
        }

        public static List<BaselineEntry> ReadAll(string path)
        {
            using BaselineReader reader = BaselineReader.Open(path);
            return reader.ReadEntries().ToList();
        }
    }
}
