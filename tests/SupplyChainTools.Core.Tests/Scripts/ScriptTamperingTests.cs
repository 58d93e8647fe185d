using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    /// <summary>Tampering shapes: each one changes the digest or the format status, and the hint names the cause.</summary>
    public sealed class ScriptTamperingTests
    {
        private static (ScriptSignatureParseResult Result, HashAlgorithmName Algorithm, byte[] SignedDigest) ParseAndReadSignature(string name, byte[] bytes)
        {
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, bytes);
            Assert.NotNull(result.Pkcs7);
            var signed = ScriptFixtures.ReadSignedDigest(result.Pkcs7!);
            return (result, signed.Algorithm, signed.Digest);
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }

            return -1;
        }

        [Theory]
        [InlineData("signed.ps1")]
        [InlineData("signed_utf16.ps1")]
        [InlineData("signed.psc1")]
        [InlineData("signed.mof")]
        [InlineData("authenticode-timestamp.ps1")]
        public void OneChangedCharacterChangesTheDigest(string name)
        {
            byte[] bytes = ScriptFixtures.ReadScript(name);
            int offset = bytes[0] == 0xFF || bytes[0] == 0xEF ? 4 : 1; // past any BOM, inside the signed text
            bytes[offset] = (byte)(bytes[offset] == (byte)'x' ? 'y' : 'x');

            var (result, algorithm, signedDigest) = ParseAndReadSignature(name, bytes);

            Assert.Null(result.FormatStatus);
            Assert.NotEqual(signedDigest, result.ComputeDigest(algorithm));
            Assert.StartsWith("The script's content changed since signing.", result.ExplainDigestMismatch(algorithm, signedDigest));
        }

        [Theory]
        [InlineData("signed.ps1", "Write-Host 'injected'\r\n")]
        [InlineData("signed.psm1", "\r\nRemove-Item -Recurse C:\\\r\n")]
        [InlineData("signed.psc1", "<!-- appended -->")]
        [InlineData("signed.ps1", "\r\n\r\n")]
        public void DataAppendedAfterTheBlockIsUnexpectedData(string name, string appended)
        {
            byte[] bytes = ScriptFixtures.ReadScript(name).Concat(Encoding.UTF8.GetBytes(appended)).ToArray();

            var (result, algorithm, signedDigest) = ParseAndReadSignature(name, bytes);

            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.FormatStatus);
            Assert.Contains(result.Problems, p => p.Contains("follows the signature block"));
            // The signed text itself is intact: appended code is invisible to the digest, hence the status.
            Assert.Equal(signedDigest, result.ComputeDigest(algorithm));
        }

        [Fact]
        public void DataAppendedToAUtf16ScriptIsUnexpectedData()
        {
            byte[] bytes = ScriptFixtures.ReadScript("signed.mof").Concat(Encoding.Unicode.GetBytes("instance of X {};\r\n")).ToArray();

            Assert.Equal(AuthenticodeStatus.UnexpectedData, ScriptSignatureParser.Parse("signed.mof", bytes).FormatStatus);
        }

        [Theory]
        [InlineData("signed.ps1")]
        [InlineData("signed.psd1")]
        [InlineData("authenticode-timestamp.ps1")]
        public void ContentConvertedFromCrlfToLfChangesTheDigestAndTheHintSaysLineEndings(string name)
        {
            byte[] original = ScriptFixtures.ReadScript(name);
            int blockStart = IndexOf(original, Encoding.ASCII.GetBytes("\r\n# SIG # Begin signature block"));
            string content = Encoding.UTF8.GetString(original, 0, blockStart);
            Assert.Contains("\r\n", content);
            byte[] bytes = Encoding.UTF8.GetBytes(content.Replace("\r\n", "\n"))
                .Concat(original.Skip(blockStart)).ToArray();

            var (result, algorithm, signedDigest) = ParseAndReadSignature(name, bytes);

            Assert.Null(result.FormatStatus);
            Assert.Equal(ScriptSignatureParseResult.LineEndingsLf, result.LineEndings);
            Assert.NotEqual(signedDigest, result.ComputeDigest(algorithm));
            Assert.StartsWith("Line endings changed since signing", result.ExplainDigestMismatch(algorithm, signedDigest));
        }

        [Fact]
        public void WholeFileConvertedToLfStillParsesAndExplainsLineEndings()
        {
            byte[] original = ScriptFixtures.ReadScript("authenticode-timestamp.ps1");
            byte[] bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("\r\n", "\n"));

            var (result, algorithm, signedDigest) = ParseAndReadSignature("authenticode-timestamp.ps1", bytes);

            Assert.Null(result.FormatStatus);
            Assert.Contains(result.Problems, p => p.Contains("LF instead of CRLF"));
            Assert.NotEqual(signedDigest, result.ComputeDigest(algorithm));
            Assert.StartsWith("Line endings changed since signing", result.ExplainDigestMismatch(algorithm, signedDigest));
        }

        [Fact]
        public void MixedLineEndingsAreReportedAndExplained()
        {
            byte[] block = SignatureBlockOf("signed.ps1");
            byte[] asSigned = Encoding.ASCII.GetBytes("$a = 1\r\n$b = 2\r\nWrite-Host $a").Concat(block).ToArray();
            byte[] oneLineConverted = Encoding.ASCII.GetBytes("$a = 1\n$b = 2\r\nWrite-Host $a").Concat(block).ToArray();
            byte[] signedDigest = ScriptSignatureParser.Parse("x.ps1", asSigned).ComputeDigest(HashAlgorithmName.SHA256);

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("x.ps1", oneLineConverted);

            Assert.Equal(ScriptSignatureParseResult.LineEndingsMixed, result.LineEndings);
            Assert.NotEqual(signedDigest, result.ComputeDigest(HashAlgorithmName.SHA256));
            Assert.StartsWith("Line endings changed since signing", result.ExplainDigestMismatch(HashAlgorithmName.SHA256, signedDigest));
        }

        private static byte[] SignatureBlockOf(string name)
        {
            byte[] bytes = ScriptFixtures.ReadScript(name);
            return bytes.Skip(IndexOf(bytes, Encoding.ASCII.GetBytes("\r\n# SIG # Begin signature block"))).ToArray();
        }

        [Theory]
        [InlineData("signed.ps1")]
        [InlineData("authenticode-timestamp.ps1")]
        public void ByteOrderMarkAddedChangesTheDigestAndTheHintSaysEncoding(string name)
        {
            byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(ScriptFixtures.ReadScript(name)).ToArray();

            var (result, algorithm, signedDigest) = ParseAndReadSignature(name, bytes);

            Assert.True(result.HasByteOrderMark);
            Assert.Equal("UTF-8 (BOM)", result.DetectedEncoding);
            Assert.NotEqual(signedDigest, result.ComputeDigest(algorithm));
            Assert.Contains("byte-order mark was added after signing", result.ExplainDigestMismatch(algorithm, signedDigest));
        }

        [Fact]
        public void ByteOrderMarkRemovedIsExplained()
        {
            byte[] bytes = ScriptFixtures.ReadScript("signed_utf8bom.ps1").Skip(3).ToArray();

            var (result, algorithm, signedDigest) = ParseAndReadSignature("signed_utf8bom.ps1", bytes);

            Assert.False(result.HasByteOrderMark);
            Assert.NotEqual(signedDigest, result.ComputeDigest(algorithm));
            Assert.Contains("byte-order mark that has since been removed", result.ExplainDigestMismatch(algorithm, signedDigest));
        }

        [Fact]
        public void ReSavingAsUtf8KeepsTheDigestWhenDetectionSeesTheNonAsciiText()
        {
            // Signed while read as Windows-1252 ("caf\u00e9" with E9), then re-saved as UTF-8 without BOM with the
            // non-ASCII character inside the first 32 bytes: now read as UTF-8, the text (and the digest) is the same.
            byte[] block = SignatureBlockOf("signed.ps1");
            byte[] windows1252 = new byte[] { 0x23, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0D, 0x0A }.Concat(Encoding.ASCII.GetBytes("Write-Host 1")).ToArray();
            byte[] utf8 = Encoding.UTF8.GetBytes("# caf\u00e9\r\nWrite-Host 1");

            ScriptSignatureParseResult asSigned = ScriptSignatureParser.Parse("x.ps1", windows1252.Concat(block).ToArray());
            ScriptSignatureParseResult reSaved = ScriptSignatureParser.Parse("x.ps1", utf8.Concat(block).ToArray());

            Assert.Equal("Windows-1252", asSigned.DetectedEncoding);
            Assert.Equal("UTF-8", reSaved.DetectedEncoding);
            Assert.Equal(asSigned.ComputeDigest(HashAlgorithmName.SHA256), reSaved.ComputeDigest(HashAlgorithmName.SHA256));
        }

        [Fact]
        public void Utf8BytesReadAsWindows1252AreExplainedWhenTheSignerUsedUtf8()
        {
            // Non-ASCII only after byte 32: PowerShell reads Windows-1252. A signer that assumed UTF-8 (osslsigncode)
            // signed the UTF-8 reading; the explanation names the encoding.
            byte[] signedScript = ScriptFixtures.ReadScript("signed.ps1");
            int blockStart = IndexOf(signedScript, Encoding.ASCII.GetBytes("\r\n# SIG # Begin signature block"));
            byte[] block = signedScript.Skip(blockStart).ToArray();
            byte[] content = Encoding.UTF8.GetBytes(new string('#', 40) + "\r\nWrite-Host '\u017c\u00f3\u0142\u0107'");
            byte[] file = content.Concat(block).ToArray();
            HashAlgorithmName algorithm = HashAlgorithmName.SHA256;
            byte[] utf8Digest;
            using (SHA256 sha = SHA256.Create())
            {
                utf8Digest = sha.ComputeHash(Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(content)));
            }

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("x.ps1", file);

            Assert.Equal("Windows-1252", result.DetectedEncoding);
            Assert.NotEqual(utf8Digest, result.ComputeDigest(algorithm));
            Assert.StartsWith("Encoding: the digest matches when the file is read as UTF-8 instead of Windows-1252", result.ExplainDigestMismatch(algorithm, utf8Digest));
        }

        [Theory]
        [InlineData("signed.ps1")]
        [InlineData("signed.psc1")]
        [InlineData("signed.psm1")]
        public void CorruptedBase64LineIsMalformed(string name)
        {
            byte[] bytes = ScriptFixtures.ReadScript(name);
            int blockStart = IndexOf(bytes, Encoding.ASCII.GetBytes("SIG # Begin signature block"));
            int target = blockStart + 60; // inside the first base64 line
            bytes[target] = (byte)'!';

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, bytes);

            Assert.True(result.HasSignatureBlock);
            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
            Assert.Null(result.Pkcs7);
            Assert.Contains(result.Problems, p => p.Contains("not base64"));
        }

        [Fact]
        public void DroppedBase64LineIsMalformed()
        {
            string text = Encoding.UTF8.GetString(ScriptFixtures.ReadScript("signed.ps1"));
            string[] lines = text.Split(new[] { "\r\n" }, StringSplitOptions.None);
            int victim = Array.FindIndex(lines, l => l.StartsWith("# SIG # Begin", StringComparison.Ordinal)) + 5;
            string damaged = string.Join("\r\n", lines.Where((_, i) => i != victim));

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("signed.ps1", Encoding.UTF8.GetBytes(damaged));

            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
            Assert.NotEmpty(result.Problems);
        }

        [Fact]
        public void BadLinePrefixIsMalformed()
        {
            string text = Encoding.UTF8.GetString(ScriptFixtures.ReadScript("signed.ps1"));
            int begin = text.IndexOf("# SIG # Begin signature block\r\n", StringComparison.Ordinal);
            int firstLine = begin + "# SIG # Begin signature block\r\n".Length;
            string damaged = text.Substring(0, firstLine) + "#" + text.Substring(firstLine + 2);

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("signed.ps1", Encoding.UTF8.GetBytes(damaged));

            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
            Assert.Contains(result.Problems, p => p.Contains("does not have the form '# <base64>'"));
        }

        [Fact]
        public void MissingEndMarkerIsMalformed()
        {
            string text = Encoding.UTF8.GetString(ScriptFixtures.ReadScript("signed.ps1"));
            string damaged = text.Substring(0, text.IndexOf("# SIG # End signature block", StringComparison.Ordinal));

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("signed.ps1", Encoding.UTF8.GetBytes(damaged));

            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
            Assert.Contains(result.Problems, p => p.Contains("no end marker"));
        }

        [Fact]
        public void BlockWithTheWrongCommentSyntaxForTheExtensionIsNotSigned()
        {
            // A '# ' block in an XML file is not a signature block for that file type.
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("signed.ps1xml", ScriptFixtures.ReadScript("signed.ps1"));

            Assert.False(result.HasSignatureBlock);
            Assert.Equal(AuthenticodeStatus.NotSigned, result.FormatStatus);
        }

        [Fact]
        public void MarkerTextInsideCodeIsNotABlock()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("Write-Host '# SIG # Begin signature block'\r\n");

            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("x.ps1", bytes);

            Assert.Equal(AuthenticodeStatus.NotSigned, result.FormatStatus);
        }

        [Fact]
        public void NonScriptExtensionIsNotAScript()
        {
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse("tool.js", ScriptFixtures.ReadScript("signed.ps1"));

            Assert.False(result.IsScriptType);
            Assert.Equal(ScriptSignatureParseResult.NotScript, result.FormatStatus);
            Assert.Throws<InvalidOperationException>(() => result.ComputeDigest(HashAlgorithmName.SHA256));
        }
    }
}
