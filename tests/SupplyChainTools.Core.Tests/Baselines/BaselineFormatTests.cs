using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SupplyChainTools.Core.Baselines;
using static SupplyChainTools.Core.Tests.Baselines.BaselineTestData;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineFormatTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private string PathOf(string name) => _temp.Combine(name);

        private static List<BaselineEntry> Sample()
        {
            var list = new List<BaselineEntry>
            {
                File("a.dll", "a", signer: Signed(), version: "1.2.3.4"),
                File("line\nbreak \"quoted\" back\\slash \u00e9\u4e2d", "odd"),
                File("lone\ud800surrogate", "s"),
                new BaselineEntry(0, "link", BaselineEntryType.SymbolicLink) { LinkTarget = "../elsewhere", Size = 12, Mode = 0x1FF },
                new BaselineEntry(0, "bad\ufffdname", BaselineEntryType.Unknown) { PathLossy = true, Error = "Its name is not valid UTF-8." },
                Directory("sub"),
                File("sub/inner.txt", "inner", mode: 0x1ED),
            };
            list.Sort(BaselineOrder.Instance);
            return list;
        }

        [Fact]
        public void RoundTripKeepsEveryField()
        {
            string path = PathOf("round.scbl");
            List<BaselineEntry> written = Sample();
            string digest = Write(path, Header("/opt/app", "/opt/other"), written);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path))), digest);

            using BaselineReader reader = BaselineReader.Open(path);
            Assert.Equal(new[] { "/opt/app", "/opt/other" }, reader.Header.Roots);
            Assert.Equal(new[] { "SHA256" }, reader.Header.Algorithms);
            Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), reader.Header.CreatedUtc);
            List<BaselineEntry> read = reader.ReadEntries().ToList();
            Assert.Equal(digest, reader.Digest);
            Assert.Equal(written.Count, read.Count);
            for (int i = 0; i < written.Count; i++)
            {
                BaselineEntry a = written[i];
                BaselineEntry b = read[i];
                Assert.Equal(a.Path, b.Path);
                Assert.Equal(a.Type, b.Type);
                Assert.Equal(a.PathLossy, b.PathLossy);
                Assert.Equal(a.LinkTarget, b.LinkTarget);
                Assert.Equal(a.Size, b.Size);
                Assert.Equal(a.Mode, b.Mode);
                Assert.Equal(a.OwnerId, b.OwnerId);
                Assert.Equal(a.LastWriteTimeUtc, b.LastWriteTimeUtc);
                Assert.Equal(a.ChangeTimeUtc, b.ChangeTimeUtc);
                Assert.Equal(a.Device, b.Device);
                Assert.Equal(a.Inode, b.Inode);
                Assert.Equal(a.GetHash("SHA256"), b.GetHash("SHA256"));
                Assert.Equal(a.Error, b.Error);
                Assert.Equal(a.Signer?.Status, b.Signer?.Status);
                Assert.Equal(a.Signer?.SignerThumbprint, b.Signer?.SignerThumbprint);
                Assert.Equal(a.Signer?.RootThumbprint, b.Signer?.RootThumbprint);
                Assert.Equal(a.Version?.FileVersionNumber, b.Version?.FileVersionNumber);
                Assert.Equal(a.Version?.CompanyName, b.Version?.CompanyName);
            }
        }

        [Fact]
        public void EveryLineIsStandardJsonReadableByAPerson()
        {
            string path = PathOf("json.scbl");
            Write(path, Header(), Sample());
            string[] lines = System.IO.File.ReadAllLines(path);
            Assert.Equal(Sample().Count + 2, lines.Length);
            foreach (string line in lines)
            {
                using JsonDocument document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            }

            Assert.Contains(lines, line => line.Contains("\"path\":\"sub/inner.txt\"", StringComparison.Ordinal));
            using JsonDocument odd = JsonDocument.Parse(lines.Single(l => l.Contains("quoted", StringComparison.Ordinal)));
            Assert.Equal("line\nbreak \"quoted\" back\\slash \u00e9\u4e2d", odd.RootElement.GetProperty("path").GetString());
        }

        [Fact]
        public void WriterRefusesEntriesOutOfOrderAndPathsOutsideTheRoot()
        {
            string path = PathOf("order.scbl");
            using var writer = new BaselineWriter(path, Header());
            writer.Write(File("b.txt", "b"));
            Assert.Throws<InvalidOperationException>(() => writer.Write(File("a.txt", "a")));
            Assert.Throws<InvalidOperationException>(() => writer.Write(File("b.txt", "again")));
            Assert.Throws<FormatException>(() => writer.Write(File("../etc/passwd", "x")));
            Assert.Throws<FormatException>(() => writer.Write(File("/etc/passwd", "x")));
        }

        [Fact]
        public void AnAbandonedWriterLeavesNoFile()
        {
            string path = PathOf("abandoned.scbl");
            using (var writer = new BaselineWriter(path, Header()))
            {
                writer.Write(File("a.txt", "a"));
            }

            Assert.Empty(System.IO.Directory.GetFiles(_temp.Path));
        }

        private BaselineFormatException Refusal(string path) =>
            Assert.Throws<BaselineFormatException>(() => BaselineTrust.Verify(path, null));

        [Fact]
        public void TruncatedFilesAreRefusedAsTruncated()
        {
            string path = PathOf("t.scbl");
            Write(path, Header(), Sample());
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            string text = Encoding.UTF8.GetString(bytes);
            int lastLine = text.LastIndexOf("{\"trailer\"", StringComparison.Ordinal);

            System.IO.File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());
            Assert.Equal(BaselineProblem.Truncated, Refusal(path).Problem);

            System.IO.File.WriteAllBytes(path, bytes.Take(Encoding.UTF8.GetByteCount(text.Substring(0, lastLine))).ToArray());
            BaselineFormatException atBoundary = Refusal(path);
            Assert.Equal(BaselineProblem.Truncated, atBoundary.Problem);
            Assert.Contains("truncated", atBoundary.Message, StringComparison.Ordinal);

            System.IO.File.WriteAllBytes(path, bytes.Take(bytes.Length - 1).ToArray());
            Assert.Equal(BaselineProblem.Truncated, Refusal(path).Problem);
        }

        [Fact]
        public void AChangedByteIsRefusedAsModified()
        {
            string path = PathOf("m.scbl");
            Write(path, Header(), Sample());
            string text = System.IO.File.ReadAllText(path);
            System.IO.File.WriteAllText(path, text.Replace("\"size\":5", "\"size\":6", StringComparison.Ordinal));
            BaselineFormatException error = Refusal(path);
            Assert.Equal(BaselineProblem.Modified, error.Problem);
            Assert.Equal("BaselineModified", error.ErrorId);
        }

        [Fact]
        public void EditsWithARecomputedTrailerAreCaughtByOrderPathAndSchemaChecks()
        {
            string path = PathOf("e.scbl");
            Write(path, Header(), Sample());
            string[] lines = System.IO.File.ReadAllLines(path);

            (lines[1], lines[2]) = (lines[2], lines[1]);
            System.IO.File.WriteAllText(path, string.Join("\n", lines) + "\n");
            RecomputeTrailer(path);
            Assert.Equal(BaselineProblem.Corrupted, Refusal(path).Problem);

            (lines[1], lines[2]) = (lines[2], lines[1]);
            lines[1] = lines[1].Replace("\"path\":\"a.dll\"", "\"path\":\"../a.dll\"", StringComparison.Ordinal);
            System.IO.File.WriteAllText(path, string.Join("\n", lines) + "\n");
            RecomputeTrailer(path);
            Assert.Equal(BaselineProblem.Corrupted, Refusal(path).Problem);

            Write(path + "2", Header(), Sample());
            string[] schema = System.IO.File.ReadAllLines(path + "2");
            schema[0] = schema[0].Replace("\"schemaVersion\":2", "\"schemaVersion\":3", StringComparison.Ordinal);
            System.IO.File.WriteAllText(path + "2", string.Join("\n", schema) + "\n");
            RecomputeTrailer(path + "2");
            BaselineFormatException version = Refusal(path + "2");
            Assert.Equal(BaselineProblem.UnsupportedSchemaVersion, version.Problem);
            Assert.Contains("schema version 3", version.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void DataAfterTheTrailerOverlongLinesAndForeignFilesAreRefused()
        {
            string path = PathOf("x.scbl");
            Write(path, Header(), Sample());
            System.IO.File.AppendAllText(path, "{\"path\":\"late\"}\n");
            Assert.Equal(BaselineProblem.Corrupted, Refusal(path).Problem);

            string huge = PathOf("huge.scbl");
            Write(huge, Header(), Sample());
            string[] lines = System.IO.File.ReadAllLines(huge);
            lines[1] = lines[1].Replace("\"path\":\"a.dll\"", "\"path\":\"a.dll\",\"x\":\"" + new string('x', BaselineReader.MaxLineLength) + "\"", StringComparison.Ordinal);
            System.IO.File.WriteAllText(huge, string.Join("\n", lines) + "\n");
            Assert.Equal(BaselineProblem.Corrupted, Refusal(huge).Problem);

            string foreign = PathOf("foreign.txt");
            System.IO.File.WriteAllText(foreign, "{\"hello\":1}\n");
            Assert.Equal(BaselineProblem.NotABaseline, Refusal(foreign).Problem);
            System.IO.File.WriteAllText(foreign, string.Empty);
            Assert.Equal(BaselineProblem.NotABaseline, Refusal(foreign).Problem);
        }

        [Fact]
        public void SignaturesAreCheckedAgainstTheTrustedSigner()
        {
            using var signer = Certificate("baseline signer");
            using var other = Certificate("someone else");
            string path = PathOf("s.scbl");
            string digest = Write(path, Header(), Sample());
            BaselineTrust.Sign(path, digest, signer);

            BaselineVerification ok = BaselineTrust.Verify(path, new[] { signer.Thumbprint });
            Assert.Equal(signer.Thumbprint, ok.SignerThumbprint);
            Assert.Equal(digest, ok.Digest);
            Assert.True(BaselineTrust.Verify(path, new[] { SupplyChainTools.Core.Trust.Thumbprint.Sha256Of(signer).ToLowerInvariant() }).IsSigned);

            BaselineFormatException wrong = Assert.Throws<BaselineFormatException>(() => BaselineTrust.Verify(path, new[] { other.Thumbprint }));
            Assert.Equal(BaselineProblem.SignerMismatch, wrong.Problem);

            // Edited and trailer recomputed: the file is self-consistent but the signature no longer matches.
            string[] lines = System.IO.File.ReadAllLines(path);
            lines[1] = lines[1].Replace(Hash("a"), Hash("evil"), StringComparison.Ordinal);
            System.IO.File.WriteAllText(path, string.Join("\n", lines) + "\n");
            RecomputeTrailer(path);
            Assert.Equal(BaselineProblem.SignatureInvalid, Assert.Throws<BaselineFormatException>(() => BaselineTrust.Verify(path, new[] { signer.Thumbprint })).Problem);
            Assert.Equal(BaselineProblem.SignatureInvalid, Assert.Throws<BaselineFormatException>(() => BaselineTrust.Verify(path, null)).Problem);

            // Re-signed by the tamperer: valid signature, wrong signer.
            string forged = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path)));
            BaselineTrust.Sign(path, forged, other);
            Assert.Equal(BaselineProblem.SignerMismatch, Assert.Throws<BaselineFormatException>(() => BaselineTrust.Verify(path, new[] { signer.Thumbprint })).Problem);
            Assert.Equal(other.Thumbprint, BaselineTrust.Verify(path, null).SignerThumbprint);

            // Unsigned where a signer is required.
            System.IO.File.Delete(BaselineTrust.SignaturePathOf(path));
            Assert.Equal(BaselineProblem.Unsigned, Assert.Throws<BaselineFormatException>(() => BaselineTrust.Verify(path, new[] { signer.Thumbprint })).Problem);
        }
    }
}
