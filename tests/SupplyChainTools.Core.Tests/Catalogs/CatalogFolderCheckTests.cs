using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Catalogs;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>
    /// A module folder checked against a PowerShell-style catalog (what Test-FileCatalog does), signed by a test
    /// certificate whose root is the verifier's only trusted root.
    /// </summary>
    public sealed class CatalogFolderCheckTests : IDisposable
    {
        private const string CatalogName = "TestModule.cat";

        private readonly PowerShellStyleCatalog identity = PowerShellStyleCatalog.CreateSigningIdentity();
        private readonly TempFolder folder = new TempFolder();

        public CatalogFolderCheckTests()
        {
            // Relative paths as New-FileCatalog records them: Windows separators; "Sub\README.TXT" differs in case from the disk name.
            var files = new Dictionary<string, byte[]>
            {
                ["TestModule.psd1"] = Encoding.UTF8.GetBytes("@{ RootModule = 'TestModule.psm1'; ModuleVersion = '1.0.0' }\r\n"),
                ["TestModule.psm1"] = Encoding.UTF8.GetBytes("function Get-Answer { 42 }\r\nExport-ModuleMember -Function Get-Answer\r\n"),
                ["lib\\helper.dll"] = File.ReadAllBytes(Path.Combine(CatalogFileTests.CatalogsDirectory, "unsigned.exe")),
                ["lib\\native\\data.bin"] = new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 },
                ["Sub\\README.TXT"] = Encoding.ASCII.GetBytes("read me\n"),
            };
            foreach (KeyValuePair<string, byte[]> file in files)
            {
                string diskPath = Path.Combine(folder.Path, file.Key == "Sub\\README.TXT" ? Path.Combine("sub", "readme.txt") : file.Key.Replace('\\', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(diskPath)!);
                File.WriteAllBytes(diskPath, file.Value);
            }

            File.WriteAllBytes(CatalogPath, identity.Build(files));
        }

        private string CatalogPath => Path.Combine(folder.Path, CatalogName);

        private AuthenticodeVerifier TrustingTheTestRoot() =>
            new AuthenticodeVerifier(new AuthenticodeOptions
            {
                CodeSigningRoots = new X509Certificate2Collection { identity.Root },
                TimestampRoots = new X509Certificate2Collection { identity.Root },
            });

        private CatalogCheckSummary Check(AuthenticodeVerifier? verifier = null) =>
            CatalogFolderCheck.Compare(folder.Path, new CatalogVerifier(verifier ?? TrustingTheTestRoot(), CatalogPath));

        public void Dispose()
        {
            folder.Dispose();
            identity.Dispose();
        }

        [Fact]
        public void CleanFolderIsValidFileByFile()
        {
            CatalogCheckSummary summary = Check();

            Assert.True(summary.IsValid, summary + " | " + summary.CatalogStatusMessage);
            Assert.Equal(AuthenticodeStatus.Valid, summary.CatalogStatus);
            Assert.Equal("CN=SupplyChainTools Test Module Publisher", summary.CatalogSigner);
            Assert.Equal(5, summary.ValidCount);
            Assert.Equal(5, summary.Files.Count);
            Assert.All(summary.Files, file =>
            {
                Assert.Equal(CatalogFileStatus.Valid, file.Status);
                Assert.Equal("SHA256", file.Algorithm);
                Assert.Equal(file.Expected, file.Actual);
            });
            Assert.DoesNotContain(summary.Files, file => file.RelativePath.EndsWith(".cat", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(summary.Files, file => file.RelativePath == Path.Combine("sub", "readme.txt"));
        }

        [Fact]
        public void PeMemberIsListedByItsPaddedImageHash()
        {
            // unsigned.exe is 96150 bytes (not a multiple of 8): only the zero-padded image hash matches.
            CatalogFileCheck dll = Check().Files.Single(file => file.RelativePath == Path.Combine("lib", "helper.dll"));
            Assert.Equal(CatalogFileStatus.Valid, dll.Status);
            Assert.Equal("2D2C7B382C8163A419B9FF214A7B651C33F9EA43335907F11377290C5158A7A4", dll.Actual);

            var catalog = new CatalogVerifier(TrustingTheTestRoot(), CatalogPath);
            AuthenticodeSignature member = catalog.VerifyMember(Path.Combine(folder.Path, "lib", "helper.dll"), null, default);
            Assert.True(member.IsValid, member.StatusMessage);
            Assert.Equal("PE", member.FileType);
            Assert.Equal("Catalog", member.SignatureType);
            Assert.Equal("CN=SupplyChainTools Test Catalog Root", member.RootSubject);

            AuthenticodeSignature script = catalog.VerifyMember(Path.Combine(folder.Path, "TestModule.psm1"), null, default);
            Assert.True(script.IsValid, script.StatusMessage);
            Assert.Equal(AuthenticodeVerifier.PowerShellScriptFileType, script.FileType);
        }

        [Fact]
        public void ChangedFileIsHashMismatch()
        {
            File.AppendAllText(Path.Combine(folder.Path, "TestModule.psm1"), "Invoke-Expression $payload\r\n");

            CatalogCheckSummary summary = Check();

            Assert.False(summary.IsValid);
            CatalogFileCheck changed = Assert.Single(summary.Files, file => !file.IsValid);
            Assert.Equal("TestModule.psm1", changed.RelativePath);
            Assert.Equal(CatalogFileStatus.HashMismatch, changed.Status);
            Assert.NotEqual(changed.Expected, changed.Actual);
            Assert.Equal(1, summary.HashMismatchCount);
            Assert.Equal(4, summary.ValidCount);

            AuthenticodeSignature member = new CatalogVerifier(TrustingTheTestRoot(), CatalogPath).VerifyMember(changed.Path, null, default);
            Assert.Equal(AuthenticodeStatus.HashMismatch, member.Status);
        }

        [Fact]
        public void DeletedFileIsMissing()
        {
            File.Delete(Path.Combine(folder.Path, "lib", "native", "data.bin"));

            CatalogCheckSummary summary = Check();

            Assert.False(summary.IsValid);
            CatalogFileCheck missing = Assert.Single(summary.Files, file => !file.IsValid);
            Assert.Equal(CatalogFileStatus.Missing, missing.Status);
            Assert.Equal(Path.Combine("lib", "native", "data.bin"), missing.RelativePath);
            Assert.NotNull(missing.Expected);
            Assert.Null(missing.Actual);
            Assert.Equal(1, summary.MissingCount);
        }

        [Fact]
        public void AddedFileIsNotInCatalog()
        {
            File.WriteAllText(Path.Combine(folder.Path, "lib", "extra.ps1"), "Write-Host 'added later'\r\n");

            CatalogCheckSummary summary = Check();

            Assert.False(summary.IsValid);
            CatalogFileCheck added = Assert.Single(summary.Files, file => !file.IsValid);
            Assert.Equal(CatalogFileStatus.NotInCatalog, added.Status);
            Assert.Equal(Path.Combine("lib", "extra.ps1"), added.RelativePath);
            Assert.Null(added.Expected);
            Assert.NotNull(added.Actual);
            Assert.Equal(1, summary.NotInCatalogCount);
            Assert.Equal(5, summary.ValidCount);
        }

        [Fact]
        public void UntrustedCatalogMakesTheCheckInvalidEvenWhenEveryFileMatches()
        {
            CatalogCheckSummary summary = Check(new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions(withCrls: false, at: DateTime.UtcNow)));

            Assert.Equal(AuthenticodeStatus.NotTrusted, summary.CatalogStatus);
            Assert.Equal(5, summary.ValidCount);
            Assert.False(summary.IsValid);
        }

        [Fact]
        public void TamperedCatalogIsNotValid()
        {
            byte[] catalog = File.ReadAllBytes(CatalogPath);
            int index = IndexOf(catalog, Encoding.Unicode.GetBytes("TestModule.psm1"));
            catalog[index] = (byte)'X';
            File.WriteAllBytes(CatalogPath, catalog);

            CatalogCheckSummary summary = Check();

            Assert.Equal(AuthenticodeStatus.InvalidSignature, summary.CatalogStatus);
            Assert.False(summary.IsValid);
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

            throw new InvalidOperationException("not found");
        }
    }
}
