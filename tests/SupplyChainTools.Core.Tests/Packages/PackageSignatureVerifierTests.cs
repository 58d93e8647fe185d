using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Packages;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Packages
{
    /// <summary>Runs only where the build's restore cache (a global packages folder) exists.</summary>
    public sealed class GlobalPackagesFactAttribute : FactAttribute
    {
        public GlobalPackagesFactAttribute()
        {
            if (NuGetTestPackages.GlobalPackagesFolder == null)
            {
                Skip = "No global packages folder (NUGET_PACKAGES or ~/.nuget/packages) with packages: run a restore first.";
            }
        }
    }

    public sealed class PackageSignatureVerifierTests : IDisposable
    {
        private static readonly Lazy<PackageSignatureVerifier> DefaultVerifier = new Lazy<PackageSignatureVerifier>(() => Create());
        private readonly TempFolder _temp = new TempFolder();

        public void Dispose() => _temp.Dispose();

        private static PackageSignatureVerifier Create(Action<PackageSignatureOptions>? configure = null)
        {
            var options = new PackageSignatureOptions { Trust = AuthenticodeTestEnvironment.MicrosoftRoots };
            configure?.Invoke(options);
            return new PackageSignatureVerifier(options);
        }

        private string Temp(string name) => Path.Combine(_temp.Path, name);

        [GlobalPackagesFact]
        public void EveryPackageOfTheRestoreCacheVerifies()
        {
            var failures = new List<string>();
            int authorSigned = 0;
            foreach (string package in NuGetTestPackages.CachedPackages())
            {
                PackageSignature result = DefaultVerifier.Value.Verify(package);
                if (!result.IsValid)
                {
                    failures.Add(package + ": " + result.Status + " " + result.NuGetCode + " " + result.StatusMessage);
                }

                if (result.SignatureType == PackageSignatureTypes.Author)
                {
                    authorSigned++;
                    Assert.NotNull(result.RepositoryCountersignature);
                    Assert.True(result.RepositoryCountersignature!.IsValid, result.RepositoryCountersignature.StatusMessage);
                    Assert.Equal("https://api.nuget.org/v3/index.json", result.RepositoryCountersignature.ServiceIndex);
                    Assert.NotEmpty(result.RepositoryCountersignature.Owners);
                    Assert.NotNull(result.RepositoryCountersignature.TimestampUtc);
                }

                Assert.NotNull(result.PackageId);
                Assert.NotNull(result.TimestampUtc);
                Assert.Null(result.NuGetCode);
            }

            Assert.Empty(failures);
            Assert.True(authorSigned > 0, "the restore cache holds no author-signed package");
        }

        [GlobalPackagesFact]
        public void AuthorAndRepositorySignaturesAreToldApart()
        {
            PackageSignature asn1 = DefaultVerifier.Value.Verify(NuGetTestPackages.Cached("system.formats.asn1"));
            Assert.Equal(PackageSignatureTypes.Author, asn1.SignatureType);
            Assert.Equal("System.Formats.Asn1", asn1.PackageId);
            Assert.Contains("Microsoft", asn1.SignerSubject);
            Assert.Equal("SHA256", asn1.ContentHashAlgorithm);
            Assert.Matches("^[0-9A-F]{64}$", asn1.SignerFingerprint);
            Assert.Contains("NuGet.org Repository", asn1.RepositoryCountersignature!.SignerSubject);

            PackageSignature tomlyn = DefaultVerifier.Value.Verify(NuGetTestPackages.Cached("tomlyn"));
            Assert.Equal(PackageSignatureTypes.Repository, tomlyn.SignatureType);
            Assert.Null(tomlyn.RepositoryCountersignature);
            Assert.Equal("https://api.nuget.org/v3/index.json", tomlyn.ServiceIndex);
            Assert.NotEmpty(tomlyn.Owners);
        }

        [GlobalPackagesFact]
        public void TamperedCopiesGiveTheStatusAndCodeNuGetGives()
        {
            string source = NuGetTestPackages.Cached("system.formats.asn1");
            string other = NuGetTestPackages.Cached("tomlyn");
            var cases = new (string File, string Status, string Code)[]
            {
                (NuGetTestPackages.RemoveSignature(source, Temp("removed.nupkg")), AuthenticodeStatus.NotSigned, NuGetCodes.NotSigned),
                (NuGetTestPackages.ChangeByteOfFirstDll(source, Temp("byte.nupkg")), AuthenticodeStatus.HashMismatch, NuGetCodes.IntegrityCheckFailed),
                (NuGetTestPackages.Append(source, Temp("appended.nupkg")), AuthenticodeStatus.HashMismatch, NuGetCodes.IntegrityCheckFailed),
                (NuGetTestPackages.UseSignatureOf(source, other, Temp("resigned.nupkg")), AuthenticodeStatus.HashMismatch, NuGetCodes.IntegrityCheckFailed),
                (NuGetTestPackages.CompressSignature(source, Temp("compressed.nupkg")), AuthenticodeStatus.Malformed, NuGetCodes.InvalidSignatureFile),
            };
            foreach ((string file, string status, string code) in cases)
            {
                PackageSignature result = DefaultVerifier.Value.Verify(file);
                Assert.True(status == result.Status && code == result.NuGetCode, Path.GetFileName(file) + ": expected " + status + " " + code + ", got " + result.Status + " " + result.NuGetCode + " " + result.StatusMessage);
            }
        }

        [GlobalPackagesFact]
        public void TrustedSignersFollowNuGetConfigSemantics()
        {
            string package = NuGetTestPackages.Cached("system.formats.asn1");
            PackageSignature plain = DefaultVerifier.Value.Verify(package);
            PackageCountersignature repository = plain.RepositoryCountersignature!;

            PackageSignature byAuthor = Create(o => o.TrustedSigners.Add(new PackageTrustedSigner("Microsoft", PackageTrustedSigner.Author, new[] { plain.SignerFingerprint! }))).Verify(package);
            Assert.True(byAuthor.IsValid, byAuthor.StatusMessage);

            PackageSignature byRepository = Create(o => o.TrustedSigners.Add(new PackageTrustedSigner("nuget.org", PackageTrustedSigner.Repository, new[] { repository.SignerFingerprint! }, repository.Owners.Take(1)))).Verify(package);
            Assert.True(byRepository.IsValid, byRepository.StatusMessage);

            PackageSignature wrongOwner = Create(o => o.TrustedSigners.Add(new PackageTrustedSigner("nuget.org", PackageTrustedSigner.Repository, new[] { repository.SignerFingerprint! }, new[] { "someone-else" }))).Verify(package);
            Assert.Equal(AuthenticodeStatus.PublisherNotAllowed, wrongOwner.Status);
            Assert.Equal(NuGetCodes.NotTrustedSigner, wrongOwner.NuGetCode);

            PackageSignature authorFingerprintAsRepository = Create(o => o.TrustedSigners.Add(new PackageTrustedSigner("x", PackageTrustedSigner.Repository, new[] { plain.SignerFingerprint! }))).Verify(package);
            Assert.Equal(NuGetCodes.NotTrustedSigner, authorFingerprintAsRepository.NuGetCode);

            PackageSignature anyFingerprint = Create(o => o.TrustedSigners.Add(NuGetConfigTrustedSigners.FromFingerprint(repository.SignerFingerprint!.ToLowerInvariant())!)).Verify(package);
            Assert.True(anyFingerprint.IsValid, anyFingerprint.StatusMessage);
        }

        [GlobalPackagesFact]
        public void NuGetConfigTrustedSignersAreRead()
        {
            string package = NuGetTestPackages.Cached("tomlyn");
            PackageSignature plain = DefaultVerifier.Value.Verify(package);
            string config = Temp("nuget.config");
            File.WriteAllText(config, "<?xml version=\"1.0\"?>\n<configuration>\n <trustedSigners>\n  <author name=\"someone\"><certificate fingerprint=\"" + new string('A', 64) + "\" hashAlgorithm=\"SHA256\" allowUntrustedRoot=\"false\" /></author>\n"
                + "  <repository name=\"nuget.org\" serviceIndex=\"https://api.nuget.org/v3/index.json\">\n   <certificate fingerprint=\"" + plain.SignerFingerprint + "\" hashAlgorithm=\"SHA256\" allowUntrustedRoot=\"false\" />\n   <owners>" + string.Join(";", plain.Owners) + "</owners>\n  </repository>\n </trustedSigners>\n</configuration>\n");
            IList<PackageTrustedSigner> signers = NuGetConfigTrustedSigners.Read(config, default);
            Assert.Equal(new[] { PackageTrustedSigner.Author, PackageTrustedSigner.Repository }, signers.Select(signer => signer.Kind));
            Assert.True(Create(o => o.TrustedSigners = signers).Verify(package).IsValid);
            Assert.Equal(NuGetCodes.NotTrustedSigner, Create(o => o.TrustedSigners = signers.Take(1).ToList()).Verify(package).NuGetCode);

            File.WriteAllText(config, "<configuration><trustedSigners><author name=\"a\"><certificate fingerprint=\"ABC\" hashAlgorithm=\"SHA256\" /></author></trustedSigners></configuration>");
            Assert.Contains("line 1", Assert.Throws<InvalidDataException>(() => NuGetConfigTrustedSigners.Read(config, default)).Message);
        }

        [GlobalPackagesFact]
        public void RequireRepositorySignaturePassesNuGetOrgPackagesAndFailsAnAuthorOnlySignature()
        {
            PackageSignatureVerifier strict = Create(o => o.RequireRepositorySignature = true);
            Assert.True(strict.Verify(NuGetTestPackages.Cached("system.formats.asn1")).IsValid);
            Assert.True(strict.Verify(NuGetTestPackages.Cached("tomlyn")).IsValid);
            Assert.Equal(NuGetCodes.NotSigned, strict.Verify(NuGetTestPackages.RemoveSignature(NuGetTestPackages.Cached("tomlyn"), Temp("u.nupkg"))).NuGetCode);
        }

        [Fact]
        public void ANonZipFileIsMalformedNotACrash()
        {
            string path = Temp("not.nupkg");
            File.WriteAllText(path, "this is not a package");
            PackageSignature result = Create().Verify(path);
            Assert.Equal(AuthenticodeStatus.Malformed, result.Status);
            Assert.Equal(NuGetCodes.General, result.NuGetCode);
            Assert.Contains("not a valid zip archive", result.StatusMessage);
        }

        [Fact]
        public void SignedContentIsParsedStrictly()
        {
            string hash = Convert.ToBase64String(new byte[32]);
            NuGetSignedContent content = NuGetSignedContent.Parse(System.Text.Encoding.UTF8.GetBytes("Version:1\n\n2.16.840.1.101.3.4.2.1-Hash:" + hash + "\n\n"));
            Assert.Equal("SHA256", content.Algorithm.Name);
            Assert.Throws<FormatException>(() => NuGetSignedContent.Parse(System.Text.Encoding.UTF8.GetBytes("Version:2\n\n2.16.840.1.101.3.4.2.1-Hash:" + hash + "\n\n")));
            Assert.Throws<FormatException>(() => NuGetSignedContent.Parse(System.Text.Encoding.UTF8.GetBytes("Version:1\n\n1.3.14.3.2.26-Hash:" + hash + "\n\n")));
            Assert.Throws<FormatException>(() => NuGetSignedContent.Parse(System.Text.Encoding.UTF8.GetBytes("Version:1\n\n2.16.840.1.101.3.4.2.1-Hash:AAAA\n\n")));
            Assert.Throws<FormatException>(() => NuGetSignedContent.Parse(new byte[NuGetSignedContent.MaximumLength + 1]));
        }
    }
}
