using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Inventory;

namespace SupplyChainTools.Core.Tests.Inventory
{
    /// <summary>The constant-only module manifest parser: what manifests use is read, code is refused with its line, nesting is bounded.</summary>
    public sealed class PowerShellDataFileTests
    {
        private static Dictionary<string, object?> Parse(string text) => PowerShellDataFile.Parse(text, "test.psd1", CancellationToken.None);

        [Fact]
        public void ReadsTheManifestShapesNewModuleManifestWrites()
        {
            string path = Path.Combine(System.AppContext.BaseDirectory, "fixtures", "inventory", "tree", "powershell", "Modules", "Contoso.Tools", "1.2.0", "Contoso.Tools.psd1");
            Dictionary<string, object?> manifest = Parse(File.ReadAllText(path));
            Assert.Equal("1.2.0", manifest["moduleversion"]);
            Assert.Equal("It's a test module; \"quoted\" and `\"escaped`\"", manifest["Description"]);
            Assert.Equal(new List<object?> { "Get-Contoso", "Set-Contoso" }, manifest["FunctionsToExport"]);
            Assert.Equal(new List<object?> { "gc1", "gc2" }, manifest["AliasesToExport"]);
            Assert.Empty((List<object?>)manifest["CmdletsToExport"]!);
            var psData = (Dictionary<string, object?>)((Dictionary<string, object?>)manifest["PrivateData"]!)["PSData"]!;
            Assert.Equal("beta1", psData["Prerelease"]);
            Assert.Equal(false, psData["RequireLicenseAcceptance"]);
            var required = (List<object?>)manifest["RequiredModules"]!;
            Assert.Equal("PSReadLine", ((Dictionary<string, object?>)required[0]!)["ModuleName"]);
        }

        [Fact]
        public void ReadsHereStringsSemicolonsAndComments()
        {
            Dictionary<string, object?> manifest = Parse("# c\r\n@{ A = 1; <# block\r\n #> B = @'\r\nline 1\r\n'it''s'\r\n'@\r\n C = @\"\r\n\"@ }");
            Assert.Equal("1", manifest["A"]);
            Assert.Equal("line 1\r\n'it''s'", manifest["B"]);
            Assert.Equal(string.Empty, manifest["C"]);
        }

        [Theory]
        [InlineData("@{\n ModuleVersion = '1.0'\n X = $(Remove-Item /)\n}", 3)]
        [InlineData("@{\n ModuleVersion = '1.0'\n X = $env:HOME\n}", 3)]
        [InlineData("@{\n ModuleVersion = '1.0'\n X = [version]'1.0'\n}", 3)]
        [InlineData("@{\n ModuleVersion = '1.0\n}", 2)]
        [InlineData("Get-Process", 1)]
        [InlineData("@{ A = 1 } Get-Process", 1)]
        public void RefusesAnythingButConstantsWithTheLine(string text, int line)
        {
            InventoryEvidenceException error = Assert.Throws<InventoryEvidenceException>(() => Parse(text));
            Assert.Equal(line, error.Line);
            Assert.Contains("test.psd1", error.Message);
        }

        [Fact]
        public void BoundsTheNesting()
        {
            string deep = "@{ A = " + new string('(', 100_000) + new string(')', 100_000) + " }";
            InventoryEvidenceException error = Assert.Throws<InventoryEvidenceException>(() => Parse(deep));
            Assert.Contains("nest more than", error.Message);
        }
    }
}
