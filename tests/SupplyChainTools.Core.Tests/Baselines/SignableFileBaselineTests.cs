using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Scripts;
using static SupplyChainTools.Core.Tests.Baselines.BaselineTestData;

namespace SupplyChainTools.Core.Tests.Baselines
{
    /// <summary>Scripts and catalogs get signer blocks like PE files, and the same change kinds; older baselines stay readable.</summary>
    public sealed class SignableFileBaselineTests : IDisposable
    {
        private const string SignatureBlockStart = "# SIG # Begin signature block";
        private readonly TempFolder _temp = new TempFolder();

        public void Dispose() => _temp.Dispose();

        private List<BaselineEntry> Scan(AuthenticodeOptions trust)
        {
            var options = new BaselineScanOptions { Verifier = new AuthenticodeVerifier(trust), DegreeOfParallelism = 1 };
            return BaselineScanner.Scan(new[] { _temp.Path }, options, null, default).Select(pair => pair.Current!).ToList();
        }

        private static BaselineChange CompareOne(List<BaselineEntry> before, List<BaselineEntry> after) =>
            Assert.Single(new BaselineComparer("DIGEST", new[] { "SHA256" }, new[] { "/opt" }, false).Compare(BaselineScanner.Join(before, after)));

        private string CopyModuleManifest()
        {
            string source = Path.Combine(ScriptFixtures.PowerShellModuleFolders()[0], "Microsoft.PowerShell.Utility", "Microsoft.PowerShell.Utility.psd1");
            string target = Path.Combine(_temp.Path, "Microsoft.PowerShell.Utility.psd1");
            System.IO.File.Copy(source, target, overwrite: true);
            return target;
        }

        [PowerShellModulesFact]
        public void ASignedModuleManifestIsRecordedWithItsSigner()
        {
            CopyModuleManifest();
            BaselineSigner signer = Assert.Single(Scan(AuthenticodeTestEnvironment.MicrosoftRoots)).Signer!;
            Assert.Equal(AuthenticodeStatus.Valid, signer.Status);
            Assert.Equal(AuthenticodeVerifier.PowerShellScriptFileType, signer.FileType);
            Assert.Equal("O=Microsoft Corporation", signer.Publisher);
            Assert.NotNull(signer.RootThumbprint);
        }

        [PowerShellModulesFact]
        public void AnEditedScriptIsSignatureBrokenAndAStrippedOneSignatureRemoved()
        {
            string manifest = CopyModuleManifest();
            string original = System.IO.File.ReadAllText(manifest);
            List<BaselineEntry> before = Scan(AuthenticodeTestEnvironment.MicrosoftRoots);

            System.IO.File.WriteAllText(manifest, original.Replace("ModuleVersion", "ModuleVersioN", StringComparison.Ordinal), new UTF8Encoding(true));
            BaselineChange edited = CompareOne(before, Scan(AuthenticodeTestEnvironment.MicrosoftRoots));
            Assert.Equal(BaselineChangeKind.SignatureBroken, edited.Change);
            Assert.Equal(BaselineChangeKind.Critical, edited.Severity);

            System.IO.File.WriteAllText(manifest, original.Substring(0, original.IndexOf(SignatureBlockStart, StringComparison.Ordinal)), new UTF8Encoding(true));
            BaselineChange stripped = CompareOne(before, Scan(AuthenticodeTestEnvironment.MicrosoftRoots));
            Assert.Equal(BaselineChangeKind.SignatureRemoved, stripped.Change);
        }

        [Fact]
        public void ACatalogIsRecordedWithItsSignerAndAnAlteredOneIsNotValid()
        {
            string catalog = AuthenticodeTestEnvironment.CopyToTemp(Path.Combine(AuthenticodeTestEnvironment.FixturesFolder, "catalogs", "signed.cat"), _temp);
            AuthenticodeOptions trust = AuthenticodeTestEnvironment.OsslsigncodeOptions(withCrls: false);
            List<BaselineEntry> before = Scan(trust);
            BaselineSigner signer = Assert.Single(before).Signer!;
            Assert.Equal(AuthenticodeVerifier.CatalogFileType, signer.FileType);
            Assert.Equal(AuthenticodeStatus.Valid, signer.Status);

            byte[] bytes = System.IO.File.ReadAllBytes(catalog);
            bytes[bytes.Length / 3] ^= 0x01;
            System.IO.File.WriteAllBytes(catalog, bytes);
            BaselineChange altered = CompareOne(before, Scan(trust));
            Assert.Equal(BaselineChangeKind.Critical, altered.Severity);
            Assert.NotEqual(AuthenticodeStatus.Valid, altered.NewSignatureStatus);
        }

        [Fact]
        public void AnUnsignedScriptAddedBesideSignedFilesIsUnsignedAdded()
        {
            List<BaselineEntry> before = new List<BaselineEntry> { File("a.dll", "a", signer: Signed()) };
            var script = File("run.ps1", "Write-Output 1", signer: new BaselineSigner("NotSigned", AuthenticodeVerifier.PowerShellScriptFileType, null, null, null, null, null));
            var after = new List<BaselineEntry> { File("a.dll", "a", signer: Signed()), script };
            after.Sort(BaselineOrder.Instance);
            BaselineChange added = CompareOne(before, after);
            Assert.Equal(BaselineChangeKind.UnsignedAdded, added.Change);
            Assert.Contains("unsigned PowerShell script", added.Detail);
        }

        [Fact]
        public void ASchemaVersion1BaselineIsReadAndItsPublishersDerivedFromTheSigner()
        {
            string path = Path.Combine(_temp.Path, "v1.scbl");
            var signer = new BaselineSigner("Valid", "PE", "CN=.NET, O=Microsoft Corporation, L=Redmond, S=Washington, C=US", ValidThumbprint, "CN=Root", RootThumbprint, null);
            Write(path, Header(), new[] { File("a.dll", "a", signer: signer, version: "8.0.0.0") });
            string[] lines = System.IO.File.ReadAllLines(path);
            lines[0] = lines[0].Replace("\"schemaVersion\":2", "\"schemaVersion\":1", StringComparison.Ordinal).Replace(",\"signerIdentity\":\"Publisher\"", string.Empty, StringComparison.Ordinal);
            lines[1] = lines[1].Replace(",\"publisher\":\"O=Microsoft Corporation\"", string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("publisher", lines[1], StringComparison.Ordinal);
            System.IO.File.WriteAllText(path, string.Join("\n", lines) + "\n");
            RecomputeTrailer(path);

            using BaselineReader reader = BaselineReader.Open(path);
            List<BaselineEntry> old = reader.ReadEntries().ToList();
            Assert.Equal(1, reader.Header.SchemaVersion);
            Assert.Equal(SignerIdentityRule.Publisher, reader.Header.SignerIdentity);
            Assert.Equal("O=Microsoft Corporation", old[0].Signer!.Publisher);

            var renewed = new BaselineSigner("Valid", "PE", "CN=.NET, O=Microsoft Corporation, L=Redmond, S=Washington, C=US", OtherThumbprint, "CN=Root", RootThumbprint, null);
            BaselineChange change = CompareOne(old, new List<BaselineEntry> { File("a.dll", "b", signer: renewed, version: "8.0.5.0") });
            Assert.Equal(BaselineChangeKind.UpdatedSameSigner, change.Change);
        }
    }
}
