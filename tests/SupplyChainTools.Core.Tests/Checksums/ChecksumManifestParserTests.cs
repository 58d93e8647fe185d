using System;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainTools.Core.Checksums;

namespace SupplyChainTools.Core.Tests.Checksums
{
    public sealed class ChecksumManifestParserTests : IDisposable
    {
        private const string ZipHash = "38461A617820F05EC9B76F676DBEF07C8C43A107F225061C4D9F61EB5422221C";
        private const string TarHash = "D4FA420A97E975E3382AD64B1C87192E38EF0EDF5FC14D8C39CDFEAAB6A4629A";
        private const string Hash64 = "38461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c";
        private const string Hash40 = "a9993e364706816aba3e25717850c26c9cd0d89d";
        private const string Hash128 = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        internal static string Fixture(params string[] parts)
            => Path.Combine(new[] { AppContext.BaseDirectory, "fixtures", "checksums" }.Concat(parts).ToArray());

        private static ChecksumManifest ParseSums(string text, string name = "SHA256SUMS", string? algorithm = null)
            => ChecksumManifestParser.Parse(Path.Combine(Path.GetTempPath(), name), text, algorithm);

        // ---- the real fixture manifests ----

        [Fact]
        public void Fixture_Gnu_TextAndBinaryMarkers_SubPath_SpaceInName_FiveEntries()
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(Fixture("SHA256SUMS"));

            Assert.Empty(manifest.Problems);
            Assert.Equal(
                new[] { "tool-1.0.zip", "tool-1.0.tar.gz", "docs/readme.txt", "with space.bin", "not-downloaded.msi" },
                manifest.Entries.Select(e => e.RelativePath));
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, manifest.Entries.Select(e => e.LineNumber));
            Assert.All(manifest.Entries, e => Assert.Equal("SHA256", e.Algorithm));
            Assert.All(manifest.Entries, e => Assert.Equal("SHA256", e.AlgorithmLabel));
            Assert.Equal(ZipHash, manifest.Entries[0].ExpectedHash);
            Assert.Equal(TarHash, manifest.Entries[1].ExpectedHash); // the ' *' binary marker is not part of the name
            Assert.Equal(new string('0', 64), manifest.Entries[4].ExpectedHash);
            Assert.Equal(Fixture("SHA256SUMS"), manifest.Path);
        }

        [Fact]
        public void Fixture_Bsd_MixedSha256AndSha512()
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(Fixture("SHA256SUMS.bsd"));

            Assert.Empty(manifest.Problems);
            Assert.Equal(new[] { "tool-1.0.zip", "tool-1.0.tar.gz", "docs/readme.txt" }, manifest.Entries.Select(e => e.RelativePath));
            Assert.Equal(new[] { "SHA256", "SHA256", "SHA512" }, manifest.Entries.Select(e => e.Algorithm));
            Assert.Equal(new[] { "SHA256", "SHA256", "SHA512" }, manifest.Entries.Select(e => e.AlgorithmLabel));
            Assert.Equal(128, manifest.Entries[2].ExpectedHash.Length);
            Assert.Equal(ZipHash, manifest.Entries[0].ExpectedHash);
        }

        [Fact]
        public void Fixture_Crlf_UpperCaseHex_NoCarriageReturnInNames()
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(Fixture("SHA256SUMS.crlf"));

            Assert.Empty(manifest.Problems);
            Assert.Equal(new[] { "tool-1.0.zip", "tool-1.0.tar.gz" }, manifest.Entries.Select(e => e.RelativePath));
            Assert.Equal(new[] { ZipHash, TarHash }, manifest.Entries.Select(e => e.ExpectedHash));
        }

        [Fact]
        public void Fixture_Hostile_EveryLineRefusedAsUnsafePath_NoEntries()
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(Fixture("SHA256SUMS.hostile"));

            Assert.Empty(manifest.Entries);
            Assert.Equal(3, manifest.Problems.Count);
            Assert.All(manifest.Problems, p => Assert.Equal(ChecksumProblemKind.UnsafePath, p.Kind));
            Assert.Equal(new[] { 1, 2, 3 }, manifest.Problems.Select(p => p.LineNumber));
            Assert.Equal(new[] { "../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini" }, manifest.Problems.Select(p => p.EntryPath));
            Assert.All(manifest.Problems, p => Assert.Contains("refused", p.Message, StringComparison.Ordinal));
        }

        [Fact]
        public void Fixture_BareHashSidecar_EntryForTheFileItIsNamedAfter()
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(Fixture("tool-1.0.zip.sha256"));

            Assert.Empty(manifest.Problems);
            ChecksumEntry entry = Assert.Single(manifest.Entries);
            Assert.Equal("tool-1.0.zip", entry.RelativePath);
            Assert.Equal("SHA256", entry.Algorithm);
            Assert.Equal(ZipHash, entry.ExpectedHash);
            Assert.Equal(1, entry.LineNumber);
        }

        [Fact]
        public void Fixture_OneLineGnuSidecar()
        {
            ChecksumManifest manifest = ChecksumManifestParser.Load(Fixture("tool-1.0.tar.gz.sha256"));

            Assert.Empty(manifest.Problems);
            ChecksumEntry entry = Assert.Single(manifest.Entries);
            Assert.Equal("tool-1.0.tar.gz", entry.RelativePath);
            Assert.Equal(TarHash, entry.ExpectedHash);
            Assert.Equal("SHA256", entry.Algorithm);
        }

        // ---- unsafe entry paths ----

        [Theory]
        [InlineData("a/../../x")]
        [InlineData("../x")]
        [InlineData("..")]
        [InlineData("sub/..")]
        [InlineData("..\\x")]
        [InlineData("a\\..\\..\\x")]
        [InlineData("C:\\x")]
        [InlineData("c:x")]
        [InlineData("C:/x")]
        [InlineData("\\\\server\\share\\x")]
        [InlineData("\\x")]
        [InlineData("/etc/passwd")]
        [InlineData("//server/share")]
        public void UnsafeEntryPaths_AreRefused_GnuAndBsd(string name)
        {
            ChecksumManifest gnu = ParseSums(Hash64 + "  " + name + "\n");
            ChecksumManifest bsd = ParseSums("SHA256 (" + name + ") = " + Hash64 + "\n");

            foreach (ChecksumManifest manifest in new[] { gnu, bsd })
            {
                Assert.Empty(manifest.Entries);
                ChecksumProblem problem = Assert.Single(manifest.Problems);
                Assert.Equal(ChecksumProblemKind.UnsafePath, problem.Kind);
                Assert.Equal(name, problem.EntryPath);
                Assert.Equal(1, problem.LineNumber);
            }

            Assert.NotNull(ChecksumEntryPath.Check(name));
        }

        [Fact]
        public void EntryWithNul_IsRefused()
        {
            ChecksumManifest manifest = ParseSums(Hash64 + "  a\0b\n");

            Assert.Empty(manifest.Entries);
            Assert.Equal(ChecksumProblemKind.UnsafePath, Assert.Single(manifest.Problems).Kind);
        }

        [Theory]
        [InlineData("a/b/c.txt")]
        [InlineData("./a.txt")]
        [InlineData("a..b")]
        [InlineData("..a")]
        [InlineData("a/..b/c")]
        [InlineData("...")]
        [InlineData("name with spaces.bin")]
        public void SafeEntryPaths_AreAccepted(string name)
        {
            Assert.Null(ChecksumEntryPath.Check(name));
            ChecksumEntry entry = Assert.Single(ParseSums(Hash64 + "  " + name + "\n").Entries);
            Assert.Equal(name, entry.RelativePath);
        }

        // ---- malformed lines ----

        [Fact]
        public void WrongHashLengthForBsdAlgorithm_IsInvalidLine()
        {
            ChecksumManifest manifest = ParseSums("SHA256 (a.bin) = " + Hash40 + "\nSHA512 (b.bin) = " + Hash64 + "\n");

            Assert.Empty(manifest.Entries);
            Assert.Equal(new[] { 1, 2 }, manifest.Problems.Select(p => p.LineNumber));
            Assert.All(manifest.Problems, p => Assert.Equal(ChecksumProblemKind.InvalidLine, p.Kind));
        }

        [Fact]
        public void WrongHashLengthForDeclaredAlgorithm_IsInvalidLine()
        {
            ChecksumManifest manifest = ParseSums(Hash64 + "  a.bin\n", name: "CHECKSUMS", algorithm: "SHA512");

            Assert.Empty(manifest.Entries);
            Assert.Equal(ChecksumProblemKind.InvalidLine, Assert.Single(manifest.Problems).Kind);
        }

        [Theory]
        [InlineData(63)]
        [InlineData(65)]
        [InlineData(50)]
        public void GnuHashOfNoSupportedLength_IsInvalidLine(int length)
        {
            ChecksumManifest manifest = ParseSums(new string('a', length) + "  a.bin\n");

            Assert.Empty(manifest.Entries);
            ChecksumProblem problem = Assert.Single(manifest.Problems);
            Assert.Equal(ChecksumProblemKind.InvalidLine, problem.Kind);
            Assert.Equal(1, problem.LineNumber);
        }

        [Fact]
        public void GnuLines_AlgorithmFromManifestNameOrLength()
        {
            Assert.Equal("SHA1", Assert.Single(ParseSums(Hash40 + "  a\n", name: "CHECKSUMS").Entries).Algorithm);
            Assert.Equal("SHA512", Assert.Single(ParseSums(Hash128 + "  a\n", name: "SHA512SUMS").Entries).Algorithm);
            Assert.Equal("SHA256", Assert.Single(ParseSums(Hash64 + "  a\n", name: "sums.txt", algorithm: "sha-256").Entries).Algorithm);
        }

        [Fact]
        public void Parse_UnsupportedDeclaredAlgorithm_Throws()
        {
            Assert.Throws<ArgumentException>(() => ParseSums(Hash64 + "  a\n", algorithm: "SHA3-256"));
        }

        [Theory]
        [InlineData("zz461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c  a.bin")]
        [InlineData("SHA256 (a.bin) = zz461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c")]
        [InlineData("0x8461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c  a.bin")]
        public void NonHexHash_IsInvalidLine(string line)
        {
            ChecksumManifest manifest = ParseSums(line + "\n");

            Assert.Empty(manifest.Entries);
            Assert.Equal(ChecksumProblemKind.InvalidLine, Assert.Single(manifest.Problems).Kind);
        }

        [Fact]
        public void UnknownBsdAlgorithm_GivesEntryWithNullAlgorithm()
        {
            ChecksumManifest manifest = ParseSums("SHA3-256 (a.bin) = " + Hash64 + "\nBLAKE2b (b.bin) = " + Hash128 + "\n");

            Assert.Empty(manifest.Problems);
            Assert.Equal(2, manifest.Entries.Count);
            Assert.Null(manifest.Entries[0].Algorithm);
            Assert.Equal("SHA3-256", manifest.Entries[0].AlgorithmLabel);
            Assert.Equal("a.bin", manifest.Entries[0].RelativePath);
            Assert.Equal(Hash64.ToUpperInvariant(), manifest.Entries[0].ExpectedHash);
            Assert.Null(manifest.Entries[1].Algorithm);
            Assert.Equal("BLAKE2B", manifest.Entries[1].AlgorithmLabel);
        }

        [Fact]
        public void BsdVariants_NoSpacesAndLowerCaseAlgorithm()
        {
            ChecksumEntry a = Assert.Single(ParseSums("sha256(a.bin)=" + Hash64 + "\n").Entries);
            Assert.Equal("SHA256", a.Algorithm);
            Assert.Equal("a.bin", a.RelativePath);

            ChecksumEntry b = Assert.Single(ParseSums("SHA256 (odd (name).bin) = " + Hash64 + "\n").Entries);
            Assert.Equal("odd (name).bin", b.RelativePath);
        }

        [Fact]
        public void GnuEscapedNames_BackslashAndNewline()
        {
            // sha256sum writes "\HASH  name" with \\ for a backslash and \n for a newline in the name.
            ChecksumManifest manifest = ParseSums("\\" + Hash64 + "  line\\nbreak.txt\n\\" + Hash64 + " *back\\\\slash.txt\n");

            Assert.Empty(manifest.Problems);
            Assert.Equal(new[] { "line\nbreak.txt", "back\\slash.txt" }, manifest.Entries.Select(e => e.RelativePath));
        }

        // BUG (ChecksumManifestParser.ParseLine): coreutils escapes BSD tag lines too: `sha256sum --tag 'a\b'` writes
        // `\SHA256 (a\\b) = HASH`. The escape prefix is only handled for GNU lines, so such a line is reported as
        // ChecksumLineInvalid and the file is never checked.
        [Fact]
        public void BsdEscapedNames_AsWrittenBySha256sumTag()
        {
            ChecksumManifest manifest = ParseSums("\\SHA256 (back\\\\slash.txt) = " + Hash64 + "\n");

            Assert.Empty(manifest.Problems);
            Assert.Equal("back\\slash.txt", Assert.Single(manifest.Entries).RelativePath);
        }

        [Theory]
        [InlineData("bad\\qescape")]
        [InlineData("trailing\\")]
        public void GnuEscapedNames_InvalidEscape_IsInvalidLine(string escapedName)
        {
            ChecksumManifest manifest = ParseSums("\\" + Hash64 + "  " + escapedName + "\n");

            Assert.Empty(manifest.Entries);
            Assert.Equal(ChecksumProblemKind.InvalidLine, Assert.Single(manifest.Problems).Kind);
        }

        [Fact]
        public void GnuEscapedName_ThatUnescapesToAClimb_IsRefused()
        {
            ChecksumManifest manifest = ParseSums("\\" + Hash64 + "  ..\\\\..\\\\x\n");

            Assert.Empty(manifest.Entries);
            Assert.Equal(ChecksumProblemKind.UnsafePath, Assert.Single(manifest.Problems).Kind);
        }

        [Fact]
        public void ByteOrderMark_AtStart_IsIgnored()
        {
            ChecksumManifest manifest = ParseSums("\uFEFF" + Hash64 + "  a.bin\n");

            Assert.Empty(manifest.Problems);
            Assert.Equal("a.bin", Assert.Single(manifest.Entries).RelativePath);
        }

        [Fact]
        public void ByteOrderMark_InFile_IsIgnoredByLoad()
        {
            string path = Path.Combine(_temp.Path, "SHA256SUMS");
            byte[] bom = { 0xEF, 0xBB, 0xBF };
            File.WriteAllBytes(path, bom.Concat(Encoding.UTF8.GetBytes("SHA256 (a.bin) = " + Hash64 + "\n")).ToArray());

            ChecksumManifest manifest = ChecksumManifestParser.Load(path);

            Assert.Empty(manifest.Problems);
            Assert.Equal("a.bin", Assert.Single(manifest.Entries).RelativePath);
        }

        [Fact]
        public void CommentsAndBlankLines_AreSkipped_LineNumbersStayTrue()
        {
            string text = "# produced by release.sh\n\n   \n\t\n  # indented comment\n" + Hash64 + "  a.bin\n\n";

            ChecksumManifest manifest = ParseSums(text);

            Assert.Empty(manifest.Problems);
            Assert.Equal(6, Assert.Single(manifest.Entries).LineNumber);
        }

        [Fact]
        public void EmptyText_NoEntriesNoProblems()
        {
            ChecksumManifest manifest = ParseSums(string.Empty);

            Assert.Empty(manifest.Entries);
            Assert.Empty(manifest.Problems);
        }

        [Fact]
        public void OverLongLine_IsInvalid_AndParsingContinues()
        {
            string longLine = Hash64 + "  " + new string('a', ChecksumManifestParser.MaximumLineLength + 10);
            ChecksumManifest manifest = ParseSums(longLine + "\n" + Hash64 + "  ok.bin\n");

            ChecksumProblem problem = Assert.Single(manifest.Problems);
            Assert.Equal(ChecksumProblemKind.InvalidLine, problem.Kind);
            Assert.Equal(1, problem.LineNumber);
            Assert.True(problem.Message.Length < 500, "The message must not echo the whole line.");
            Assert.Equal("ok.bin", Assert.Single(manifest.Entries).RelativePath);
        }

        [Fact]
        public void BareHash_InFileNotNamedAfterATarget_IsInvalidLine()
        {
            ChecksumManifest manifest = ParseSums(Hash64 + "\n", name: "SHA256SUMS");

            Assert.Empty(manifest.Entries);
            ChecksumProblem problem = Assert.Single(manifest.Problems);
            Assert.Equal(ChecksumProblemKind.InvalidLine, problem.Kind);
            Assert.Contains("SHA256SUMS", problem.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("tool.zip.sha256", "tool.zip", "SHA256")]
        [InlineData("tool.zip.sha256sum", "tool.zip", "SHA256")]
        [InlineData("tool.zip.SHA256", "tool.zip", "SHA256")]
        [InlineData("tool.zip.sha1", "tool.zip", "SHA1")]
        [InlineData("tool.zip.md5", "tool.zip", "MD5")]
        public void BareHash_InSidecar_NamesTheFileAndAlgorithm(string manifestName, string target, string algorithm)
        {
            string hash = new string('a', Core.Hashing.SupportedHashAlgorithms.DigestLength(algorithm) * 2);

            ChecksumEntry entry = Assert.Single(ParseSums("  " + hash + "  \r\n", name: manifestName).Entries);

            Assert.Equal(target, entry.RelativePath);
            Assert.Equal(algorithm, entry.Algorithm);
        }

        [Fact]
        public void BareHash_AmongOtherLines_IsInvalidLine()
        {
            ChecksumManifest manifest = ParseSums(Hash64 + "\n" + Hash64 + "\n", name: "tool.zip.sha256");

            Assert.Empty(manifest.Entries);
            Assert.Equal(new[] { 1, 2 }, manifest.Problems.Select(p => p.LineNumber));
        }

        [Fact]
        public void GarbageLines_AreReportedWithTheirLineNumbers_GoodLinesStillParsed()
        {
            string text = string.Join("\n", new[]
            {
                Hash64 + "  good1.bin",
                "this is not a checksum line",
                string.Empty,
                Hash64 + " single-space-no-marker.bin",
                "# comment",
                "SHA256 (good2.bin) = " + Hash64,
                Hash64 + "\tTAB.bin",
            });

            ChecksumManifest manifest = ParseSums(text);

            Assert.Equal(new[] { "good1.bin", "good2.bin" }, manifest.Entries.Select(e => e.RelativePath));
            Assert.Equal(new[] { 1, 6 }, manifest.Entries.Select(e => e.LineNumber));
            Assert.Equal(new[] { 2, 4, 7 }, manifest.Problems.Select(p => p.LineNumber));
            Assert.All(manifest.Problems, p => Assert.Equal(ChecksumProblemKind.InvalidLine, p.Kind));
            Assert.Contains("Line 2", manifest.Problems[0].Message, StringComparison.Ordinal);
        }

        // ---- Load ----

        // BUG (ChecksumManifestParser.Load): a manifest over 64 MiB was refused outright, yet a distribution's
        // whole tree lists a million files and more; large manifests must be read, line by line.
        [Fact]
        public void Reader_ManifestOver64MiB_IsReadToTheEnd_InLineOrder()
        {
            string path = Path.Combine(_temp.Path, "SHA256SUMS");
            int lines = WriteLongNamedManifest(path, 65L * 1024 * 1024 + 1);

            int count = 0;
            using (ChecksumManifestReader reader = ChecksumManifestReader.Open(path))
            {
                while (reader.TryReadLine(out ChecksumManifestLine? line))
                {
                    count++;
                    Assert.Null(line!.Problem);
                    Assert.Equal(count, line.LineNumber);
                }
            }

            Assert.True(new FileInfo(path).Length > 64L * 1024 * 1024);
            Assert.Equal(lines, count);
        }

        [Fact]
        public void Reader_KeepsNoLineItHasHandedOut()
        {
            string path = Path.Combine(_temp.Path, "SHA256SUMS");
            File.WriteAllText(path, string.Concat(Enumerable.Range(0, 20000).Select(i => Hash64 + "  f" + i + "\n")));
            using (ChecksumManifestReader reader = ChecksumManifestReader.Open(path))
            {
                WeakReference first = ReadOneWeakly(reader);
                while (reader.TryReadLine(out _))
                {
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.False(first.IsAlive, "The reader must not keep the lines it has returned: memory is to stay flat in the number of lines.");
            }
        }

        [Fact]
        public void Reader_OverLongLine_IsOneProblem_WithoutBufferingIt()
        {
            string path = Path.Combine(_temp.Path, "SHA256SUMS");
            using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                writer.Write(Hash64 + "  ");
                writer.Write(new string('a', 3 * 1024 * 1024));
                writer.Write("\n" + Hash64 + "  ok.bin\n");
            }

            ChecksumManifest manifest = ChecksumManifestParser.Load(path);

            ChecksumProblem problem = Assert.Single(manifest.Problems);
            Assert.Equal(1, problem.LineNumber);
            Assert.True(problem.Message.Length < 500);
            Assert.Equal(2, Assert.Single(manifest.Entries).LineNumber);
        }

        [Fact]
        public void Reader_CrLfSplitAcrossReadBlocks_IsOneLineEnding()
        {
            // Pad the first line so its CR ends one 64 KiB read block and its LF starts the next.
            string first = Hash64 + "  " + new string('p', 64 * 1024 - Hash64.Length - 3) + "\r\n";
            ChecksumManifest manifest = ParseSums(first + Hash64 + "  b.bin\r\n");

            Assert.Empty(manifest.Problems);
            Assert.Equal(new[] { 1, 2 }, manifest.Entries.Select(e => e.LineNumber));
            Assert.EndsWith("p", manifest.Entries[0].RelativePath, StringComparison.Ordinal);
        }

        private static WeakReference ReadOneWeakly(ChecksumManifestReader reader)
        {
            Assert.True(reader.TryReadLine(out ChecksumManifestLine? line));
            return new WeakReference(line);
        }

        /// <summary>Entries with long, nested, missing names: few lines, so a file past the old cap is quick to write and read.</summary>
        internal static int WriteLongNamedManifest(string path, long minimumBytes)
        {
            string segment = new string('d', 200);
            string name = string.Join("/", Enumerable.Repeat(segment, 19));
            int lines = 0;
            using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
            {
                long written = 0;
                while (written < minimumBytes)
                {
                    string line = Hash64 + "  missing/" + lines + "/" + name + "\n";
                    writer.Write(line);
                    written += line.Length;
                    lines++;
                }
            }

            return lines;
        }

        [Fact]
        public void Load_BinaryFile_ThrowsChecksumManifestException()
        {
            string path = Path.Combine(_temp.Path, "SHA256SUMS");
            File.WriteAllBytes(path, Encoding.UTF8.GetBytes(Hash64 + "  a\0b\n"));

            Assert.Throws<ChecksumManifestException>(() => ChecksumManifestParser.Load(path));
        }

        [Fact]
        public void Load_MissingFile_ThrowsFileNotFound()
        {
            Assert.Throws<FileNotFoundException>(() => ChecksumManifestParser.Load(Path.Combine(_temp.Path, "nope.sha256")));
        }

        // BUG (ChecksumManifestParser.Load): the 64 MiB cap is checked with FileInfo.Length, which is 0 for a FIFO, a
        // character device (/dev/zero, /dev/urandom) or a /proc file; File.ReadAllBytes then blocks forever (FIFO) or
        // reads without bound until ~2 GB (/dev/zero). FileHasher refuses such files; Load should too (check the kind
        // with FileStatus, and read at most MaximumManifestBytes + 1 bytes).
        [Fact(Timeout = 20000)]
        public async System.Threading.Tasks.Task Load_Fifo_IsRefusedWithoutBlocking_Linux()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string fifo = Path.Combine(_temp.Path, "SHA256SUMS");
            Unix.MakeFifo(fifo);

            System.Threading.Tasks.Task<ChecksumManifest> loading = System.Threading.Tasks.Task.Run(() => ChecksumManifestParser.Load(fifo));
            if (await System.Threading.Tasks.Task.WhenAny(loading, System.Threading.Tasks.Task.Delay(5000)) != loading)
            {
                Unix.ReleaseFifoReader(fifo);
                Assert.Fail("Load blocked on a FIFO.");
            }

            await Assert.ThrowsAnyAsync<Exception>(() => loading);
        }

        [Fact]
        public void Parse_NullText_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => ChecksumManifestParser.Parse("SHA256SUMS", null!));
        }
    }
}
