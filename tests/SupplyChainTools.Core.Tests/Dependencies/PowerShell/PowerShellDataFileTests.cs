using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.PowerShell;

namespace SupplyChainTools.Core.Tests.Dependencies.PowerShell
{
    /// <summary>The one .psd1 data-language reader (dependency audit and inventory): what manifests use is read with its line, code is refused with its line, nesting is bounded.</summary>
    public sealed class PowerShellDataFileTests
    {
        private static PsdValue Parse(string text) => PowerShellDataFile.ParseHashtable(text, "test.psd1", CancellationToken.None);

        [Fact]
        public void ReadsTheManifestShapesNewModuleManifestWrites()
        {
            string path = Path.Combine(System.AppContext.BaseDirectory, "fixtures", "inventory", "tree", "powershell", "Modules", "Contoso.Tools", "1.2.0", "Contoso.Tools.psd1");
            PsdValue manifest = Parse(File.ReadAllText(path));
            Assert.Equal("1.2.0", manifest["moduleversion"]!.Text);
            Assert.Equal("It's a test module; \"quoted\" and `\"escaped`\"", manifest["Description"]!.Text);
            Assert.Equal(new[] { "Get-Contoso", "Set-Contoso" }, manifest["FunctionsToExport"]!.AsList().Select(v => v.Text));
            Assert.Equal(new[] { "gc1", "gc2" }, manifest["AliasesToExport"]!.AsList().Select(v => v.Text));
            Assert.Empty(manifest["CmdletsToExport"]!.Items!);
            PsdValue psData = manifest["PrivateData"]!["PSData"]!;
            Assert.Equal("beta1", psData["Prerelease"]!.Text);
            Assert.Equal("$false", psData["RequireLicenseAcceptance"]!.Text);
            PsdValue required = manifest["RequiredModules"]!;
            Assert.Equal("PSReadLine", required.AsList()[0]["ModuleName"]!.Text);
            Assert.True(required.Line > 1);
        }

        [Fact]
        public void ReadsHereStringsSemicolonsCommentsAndEscapesWithTheirLines()
        {
            PsdValue manifest = Parse("# c\r\n@{ A = 1; N = -0x1F, .5, 1kb; <# block\r\n #> B = @'\r\nline 1\r\n'it''s'\r\n'@\r\n C = @\"\r\n\"@\r\n D = \"a`tb\", \u2018it\u2019\u2019s\u2019 }");
            Assert.Equal("1", manifest["A"]!.Text);
            Assert.Equal(new[] { "-0x1F", ".5", "1kb" }, manifest["N"]!.AsList().Select(v => v.Text));
            Assert.Equal("line 1\r\n'it''s'", manifest["B"]!.Text);
            Assert.Equal(3, manifest["B"]!.Line);
            Assert.Equal(string.Empty, manifest["C"]!.Text);
            Assert.Equal(new[] { "a\tb", "it\u2019s" }, manifest["D"]!.AsList().Select(v => v.Text));
            Assert.Equal(9, manifest["D"]!.Line);
        }

        [Theory]
        [InlineData("@{\n ModuleVersion = '1.0'\n X = $(Remove-Item /)\n}", 3)]
        [InlineData("@{\n ModuleVersion = '1.0'\n X = $env:HOME\n}", 3)]
        [InlineData("@{\n ModuleVersion = '1.0'\n X = [version]'1.0'\n}", 3)]
        [InlineData("@{\n ModuleVersion = '1.0\n}", 2)]
        [InlineData("@{\n ModuleVersion = '1.0' <# open\n}", 2)]
        [InlineData("@{\n A = @(\n  (Get-Thing)\n )\n}", 3)]
        [InlineData("Get-Process", 1)]
        [InlineData("@{ A = 1 } Get-Process", 1)]
        public void RefusesAnythingButConstantsWithTheLine(string text, int line)
        {
            DependencyFileFormatException error = Assert.Throws<DependencyFileFormatException>(() => Parse(text));
            Assert.Equal(line, error.Line);
            Assert.Equal("test.psd1", error.Path);
        }

        [Fact]
        public void BoundsTheNesting()
        {
            string deep = "@{ A = " + new string('(', 100_000) + new string(')', 100_000) + " }";
            DependencyFileFormatException error = Assert.Throws<DependencyFileFormatException>(() => Parse(deep));
            Assert.Contains("nest more than", error.Message);
        }
    }
}
