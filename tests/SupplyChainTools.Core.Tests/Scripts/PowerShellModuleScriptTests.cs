using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;
using Xunit.Abstractions;

namespace SupplyChainTools.Core.Tests.Scripts
{
    /// <summary>Skips, with the reason shown by the runner, when the PowerShell 7.6.9 tool package is not restored.</summary>
    public sealed class PowerShellModulesTheoryAttribute : TheoryAttribute
    {
        public PowerShellModulesTheoryAttribute()
        {
            if (ScriptFixtures.PowerShellModuleFolders().Count == 0)
            {
                Skip = "PowerShell 7.6.9 tool package not found (run 'dotnet tool restore'): its Modules folders are the real-world script sample.";
            }
        }
    }

    /// <summary>Skips, with the reason shown by the runner, when the PowerShell 7.6.9 tool package is not restored.</summary>
    public sealed class PowerShellModulesFactAttribute : FactAttribute
    {
        public PowerShellModulesFactAttribute()
        {
            if (ScriptFixtures.PowerShellModuleFolders().Count == 0)
            {
                Skip = "PowerShell 7.6.9 tool package not found (run 'dotnet tool restore'): its Modules folders are the real-world script sample.";
            }
        }
    }

    /// <summary>Every Microsoft-signed script shipped with PowerShell 7.6.9 hashes to the digest in its own signature.</summary>
    public sealed class PowerShellModuleScriptTests
    {
        private readonly ITestOutputHelper output;

        public PowerShellModuleScriptTests(ITestOutputHelper output) => this.output = output;

        public static IEnumerable<object[]> ModuleScripts() =>
            ScriptFixtures.SignedPowerShellModuleScripts().Select(path => new object[] { path });

        [PowerShellModulesFact]
        public void AllSignedModuleScriptsAreFound()
        {
            IReadOnlyList<string> scripts = ScriptFixtures.SignedPowerShellModuleScripts();
            output.WriteLine(scripts.Count + " signed module scripts under " + string.Join(", ", ScriptFixtures.PowerShellModuleFolders()));
            // 44 .psd1 + 27 .psm1 + 13 .ps1xml + 8 .mof + 4 .ps1 across unix/ and win/ (the .mfl files are unsigned
            // and not a script type): all 96 must verify.
            Assert.Equal(96, scripts.Count);
        }

        [PowerShellModulesTheory]
        [MemberData(nameof(ModuleScripts))]
        public void ModuleScriptDigestMatchesItsSignature(string path)
        {
            ScriptSignatureParseResult result = ScriptSignatureParser.ParseFile(path);

            Assert.Null(result.FormatStatus);
            Assert.Empty(result.Problems);
            var signed = ScriptFixtures.ReadSignedDigest(result.Pkcs7!);
            Assert.Equal(SpcIndirectData.PowerShellSipGuid, signed.Content.ReadSipGuid());
            Assert.Equal(HexConverter.ToUpperHex(signed.Digest), HexConverter.ToUpperHex(result.ComputeDigest(signed.Algorithm)));
        }

        [PowerShellModulesFact]
        public void ArchiveModuleVerifiesOnlyOverTheWindows1252Reading()
        {
            string path = ScriptFixtures.PowerShellModuleFolders()
                .Select(folder => Path.Combine(folder, "Microsoft.PowerShell.Archive", "Microsoft.PowerShell.Archive.psm1"))
                .First(File.Exists);
            ScriptSignatureParseResult result = ScriptSignatureParser.ParseFile(path);
            var signed = ScriptFixtures.ReadSignedDigest(result.Pkcs7!);

            Assert.Equal("Windows-1252", result.DetectedEncoding);
            Assert.Equal(signed.Digest, result.ComputeDigest(signed.Algorithm));

            // The UTF-8 reading (what osslsigncode assumes) gives a different digest; the explanation names the mismatch.
            byte[] bytes = File.ReadAllBytes(path);
            byte[] withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray();
            ScriptSignatureParseResult utf8Reading = ScriptSignatureParser.Parse(path, withBom);
            Assert.NotEqual(signed.Digest, utf8Reading.ComputeDigest(signed.Algorithm));
        }
    }
}
