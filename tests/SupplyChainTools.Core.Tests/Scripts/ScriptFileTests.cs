using System;
using System.IO;
using System.Security.Cryptography;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    public sealed class ScriptFileTests
    {
        [Fact]
        public void ParseFileReadsTheScript()
        {
            ScriptSignatureParseResult fromFile = ScriptSignatureParser.ParseFile(ScriptFixtures.ScriptPath("signed.psm1"));
            ScriptSignatureParseResult fromBytes = ScriptSignatureParser.Parse("signed.psm1", ScriptFixtures.ReadScript("signed.psm1"));

            Assert.Null(fromFile.FormatStatus);
            Assert.Equal(fromBytes.ComputeDigest(HashAlgorithmName.SHA256), fromFile.ComputeDigest(HashAlgorithmName.SHA256));
        }

        [Fact]
        public void OversizedScriptIsRefusedWithoutBeingRead()
        {
            string path = Path.Combine(Path.GetTempPath(), "sct-" + Guid.NewGuid().ToString("N") + ".ps1");
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew))
                {
                    stream.SetLength(ScriptSignatureParser.MaximumFileSize + 1); // sparse: no disk or memory used
                }

                ScriptSignatureParseResult result = ScriptSignatureParser.ParseFile(path);

                Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
                Assert.Contains(result.Problems, p => p.Contains("larger than"));
                Assert.Throws<InvalidOperationException>(() => result.ComputeDigest(HashAlgorithmName.SHA256));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void ParseFileHonoursCancellation()
        {
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();

            Assert.Throws<OperationCanceledException>(() => ScriptSignatureParser.ParseFile(ScriptFixtures.ScriptPath("signed.ps1"), cancelled.Token));
        }
    }
}
