using System;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    /// <summary>
    /// Tampering on copies of real signed scripts (a Microsoft-signed module script and the corpus' osslsigncode-signed
    /// ones): each change yields the status and message a user needs.
    /// </summary>
    public sealed class ScriptVerificationTamperingTests
    {
        private static readonly Lazy<AuthenticodeVerifier> CorpusConditions = new Lazy<AuthenticodeVerifier>(() => new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()));

        private static readonly Lazy<AuthenticodeVerifier> DefaultTrust = new Lazy<AuthenticodeVerifier>(() => new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots));

        private static AuthenticodeSignature VerifyCopy(AuthenticodeVerifier verifier, string name, byte[] bytes)
        {
            using (var temp = new TempFolder())
            {
                string copy = Path.Combine(temp.Path, name);
                File.WriteAllBytes(copy, bytes);
                return verifier.Verify(copy);
            }
        }

        private static string ModuleScript(string fileName) =>
            ScriptFixtures.SignedPowerShellModuleScripts().First(path => string.Equals(Path.GetFileName(path), fileName, StringComparison.OrdinalIgnoreCase));

        private static int IndexOf(byte[] haystack, string ascii)
        {
            byte[] needle = Encoding.ASCII.GetBytes(ascii);
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }

            throw new InvalidOperationException("'" + ascii + "' not found");
        }

        [Theory]
        [InlineData("signed.ps1")]
        [InlineData("signed.psm1")]
        [InlineData("signed.psd1")]
        public void OneChangedCharacterIsHashMismatch(string name)
        {
            byte[] bytes = ScriptFixtures.ReadScript(name);
            Assert.True(VerifyCopy(CorpusConditions.Value, name, bytes).IsValid);

            int block = IndexOf(bytes, "SIG # Begin signature block");
            int target = Enumerable.Range(0, block).First(i => bytes[i] >= (byte)'a' && bytes[i] <= (byte)'z');
            bytes[target] = (byte)(bytes[target] == (byte)'x' ? 'y' : 'x');

            AuthenticodeSignature result = VerifyCopy(CorpusConditions.Value, name, bytes);
            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains("changed since signing", result.StatusMessage);
        }

        [PowerShellModulesFact]
        public void CodeAppendedAfterTheBlockIsUnexpectedData()
        {
            byte[] original = File.ReadAllBytes(ModuleScript("Microsoft.PowerShell.Archive.psm1"));
            byte[] appended = original.Concat(Encoding.ASCII.GetBytes("Invoke-Expression $payload\r\n")).ToArray();

            AuthenticodeSignature result = VerifyCopy(DefaultTrust.Value, "Microsoft.PowerShell.Archive.psm1", appended);

            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("appended after signing", result.StatusMessage);
            Assert.Contains("Microsoft", result.SignerSubject);
        }

        [PowerShellModulesFact]
        public void CrlfConvertedToLfIsHashMismatchThatNamesLineEndings()
        {
            string path = ModuleScript("Microsoft.PowerShell.Archive.psd1");
            string text = Encoding.UTF8.GetString(File.ReadAllBytes(path));
            Assert.Contains("\r\n", text);
            byte[] converted = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"));

            AuthenticodeSignature result = VerifyCopy(DefaultTrust.Value, "Microsoft.PowerShell.Archive.psd1", converted);

            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains("Line endings changed since signing", result.StatusMessage);
            Assert.Contains("CRLF", result.StatusMessage);
            Assert.Equal(result.StatusMessage, result.Problems[0]);
        }

        [Fact]
        public void CorpusScriptConvertedToLfNamesLineEndingsToo()
        {
            byte[] bytes = ScriptFixtures.ReadScript("signed.ps1");
            string text = Encoding.UTF8.GetString(bytes);
            byte[] converted = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"));

            AuthenticodeSignature result = VerifyCopy(CorpusConditions.Value, "signed.ps1", converted);

            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains("line endings", result.StatusMessage, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void ByteOrderMarkAddedIsHashMismatchThatNamesTheEncoding()
        {
            byte[] original = ScriptFixtures.ReadScript("signed.psd1");
            Assert.False(original[0] == 0xEF && original[1] == 0xBB && original[2] == 0xBF);
            byte[] withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(original).ToArray();

            AuthenticodeSignature result = VerifyCopy(CorpusConditions.Value, "signed.psd1", withBom);

            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains("byte-order mark was added", result.StatusMessage);
        }

        [PowerShellModulesFact]
        public void ByteOrderMarkAddedToAMicrosoftModuleScriptIsHashMismatch()
        {
            string path = ScriptFixtures.SignedPowerShellModuleScripts().First(file =>
            {
                byte[] start = File.ReadAllBytes(file).Take(3).ToArray();
                return start.Length == 3 && start[0] < 0x80 && start[1] < 0x80;
            });
            byte[] withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(File.ReadAllBytes(path)).ToArray();

            AuthenticodeSignature result = VerifyCopy(DefaultTrust.Value, Path.GetFileName(path), withBom);

            Assert.Equal(AuthenticodeStatus.HashMismatch, result.Status);
            Assert.Contains("byte-order mark", result.StatusMessage);
        }

        [Theory]
        [InlineData("signed.ps1")]
        [InlineData("signed.ps1xml-from-module")]
        public void CorruptedBase64LineIsMalformed(string source)
        {
            byte[] bytes;
            string name;
            if (source == "signed.ps1")
            {
                bytes = ScriptFixtures.ReadScript(source);
                name = source;
            }
            else
            {
                if (ScriptFixtures.PowerShellModuleFolders().Count == 0)
                {
                    return;
                }

                string path = ScriptFixtures.SignedPowerShellModuleScripts().First(file => file.EndsWith(".ps1xml", StringComparison.OrdinalIgnoreCase));
                bytes = File.ReadAllBytes(path);
                name = Path.GetFileName(path);
            }

            int block = IndexOf(bytes, "SIG # Begin signature block");
            int lineStart = Array.IndexOf(bytes, (byte)'\n', block) + 1;
            // Past the comment prefix ("# " or "<!-- ") of the first base64 line.
            bytes[lineStart + 10] = (byte)'*';

            AuthenticodeSignature result = VerifyCopy(CorpusConditions.Value, name, bytes);

            Assert.Equal(AuthenticodeStatus.Malformed, result.Status);
            Assert.Contains("Line 1 of the signature block", result.StatusMessage);
            Assert.Equal("None", result.SignatureType);
        }
    }
}
