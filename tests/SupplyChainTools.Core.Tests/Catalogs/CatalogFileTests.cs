using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    public sealed class CatalogFileTests
    {
        internal static string CatalogsDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "authenticode", "catalogs");

        internal static byte[] ReadCatalogFixture(string name) => File.ReadAllBytes(Path.Combine(CatalogsDirectory, name));

        private static CatalogFile ParseFixture(string name)
        {
            CatalogParseResult result = CatalogFile.TryParse(ReadCatalogFixture(name));
            Assert.True(result.Success, string.Join("; ", result.Problems));
            Assert.Null(result.FormatStatus);
            Assert.Empty(result.Problems);
            return result.Catalog!;
        }

        [Theory]
        [InlineData("signed.cat", 1)]
        [InlineData("nested.cat", 1)]
        [InlineData("revoked.cat", 1)]
        [InlineData("ts_cert.cat", 1)]
        [InlineData("ts_expired.cat", 1)]
        [InlineData("ts_revoked.cat", 1)]
        [InlineData("unsigned.cat", 0)]
        public void CorpusCatalogParses(string name, int expectedSigners)
        {
            CatalogFile catalog = ParseFixture(name);

            Assert.Equal(expectedSigners, catalog.SignerCount);
            Assert.Contains(CatalogFile.CatalogListUsageOid, catalog.SubjectUsages);
            Assert.Equal(CatalogFile.CatalogMemberListSha256Oid, catalog.MemberListAlgorithmOid);
            Assert.Equal("39BBA8F55B5D8B4A83172DCB3C937FDF", catalog.ListIdentifierHex);
            Assert.Equal(new DateTime(2025, 6, 5, 8, 0, 48, DateTimeKind.Utc), catalog.ThisUpdateUtc);
            Assert.Equal(14, catalog.Members.Count);
            Assert.Contains(catalog.CatalogAttributes, a => a.Name == "OSAttr" && a.Value == "2:6.0");
            Assert.Equal(
                new[] { "unsigned.ex_", "unsigned.exe", "unsigned.js", "unsigned.mof", "unsigned.msi", "unsigned.ps1", "unsigned.psc1" },
                catalog.Members.Select(m => m.FileName).Where(n => n is not null).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public void CatalogPkcs7IsTheSignedDataThatSignedCmsReads()
        {
            CatalogFile catalog = ParseFixture("signed.cat");
            var cms = new SignedCms();
            cms.Decode(catalog.GetPkcs7());

            Assert.Equal(PkcsOids.CertificateTrustList, cms.ContentInfo.ContentType.Value);
            Assert.Single(cms.SignerInfos);
        }

        [Fact]
        public void MemberAttributesAreDecoded()
        {
            CatalogFile catalog = ParseFixture("signed.cat");
            CatalogMember exe = catalog.Members.Single(m => m.FileName == "unsigned.exe");

            Assert.Equal(DigestAlgorithms.Sha256Oid, exe.DigestAlgorithmOid);
            Assert.Equal(PkcsOids.SpcPeImageData, exe.IndirectDataTypeOid);
            Assert.Equal("2D2C7B382C8163A419B9FF214A7B651C33F9EA43335907F11377290C5158A7A4", exe.DigestHex);
            Assert.Equal(exe.DigestHex, exe.IdentifierHex);
            Assert.Contains(CatalogFile.MemberInfo2Oid, exe.AttributeOids);
            Assert.Contains(exe.NameValues, nv => nv.Name == "File" && nv.Flags == 0x10010001);

            // SHA1-era entries carry the raw hash as identifier and no SpcIndirectDataContent.
            CatalogMember sha1Only = catalog.Members.First(m => m.DigestAlgorithmOid is null);
            Assert.Equal(40, sha1Only.IdentifierHex.Length);
            Assert.Null(sha1Only.IdentifierText);
        }

        [Theory]
        [InlineData("unsigned.exe", CatalogMemberHasher.HashKindPeImage)]
        [InlineData("unsigned.ex_", CatalogMemberHasher.HashKindCabinet)]
        [InlineData("unsigned.msi", CatalogMemberHasher.HashKindFlat)]
        [InlineData("unsigned.ps1", CatalogMemberHasher.HashKindFlat)]
        [InlineData("unsigned.psc1", CatalogMemberHasher.HashKindFlat)]
        [InlineData("unsigned.mof", CatalogMemberHasher.HashKindFlat)]
        [InlineData("unsigned.js", CatalogMemberHasher.HashKindFlat)]
        public void MemberFileIsFoundInEverySignedCatalog(string memberName, string expectedHashKind)
        {
            byte[] member = ReadCatalogFixture(memberName);
            CatalogMemberHasher.ComputeHash(member, HashAlgorithmName.SHA256, out string hashKind);
            Assert.Equal(expectedHashKind, hashKind);

            foreach (string catalogName in new[] { "signed.cat", "nested.cat", "revoked.cat", "ts_cert.cat" })
            {
                CatalogMember? found = ParseFixture(catalogName).FindMemberForFile(member);
                Assert.NotNull(found);
                Assert.Equal(memberName, found!.FileName);
            }
        }

        [Fact]
        public void Sha1EntriesAreFoundByTheirIdentifier()
        {
            CatalogFile catalog = ParseFixture("signed.cat");
            byte[] ps1 = ReadCatalogFixture("unsigned.ps1");
            byte[] sha1 = CatalogMemberHasher.ComputeHash(ps1, HashAlgorithmName.SHA1);

            CatalogMember? found = catalog.FindMember(sha1);
            Assert.NotNull(found);
            Assert.Null(found!.DigestAlgorithmOid);
            Assert.Equal(HexConverter.ToUpperHex(sha1), found.IdentifierHex);
        }

        [Theory]
        [InlineData("unsigned.exe", 0x200)]
        [InlineData("unsigned.ex_", 0x40)]
        [InlineData("unsigned.ps1", 5)]
        [InlineData("unsigned.msi", 0x100)]
        public void ModifiedMemberIsNotFound(string memberName, int offsetToChange)
        {
            byte[] member = ReadCatalogFixture(memberName);
            member[offsetToChange] ^= 0x01;

            Assert.Null(ParseFixture("signed.cat").FindMemberForFile(member));
        }

        [Fact]
        public void PeCheckSumAndCertificateEntryAreOutsideTheImageHash()
        {
            byte[] exe = ReadCatalogFixture("unsigned.exe");
            byte[] expected = CatalogMemberHasher.ComputeHash(exe, HashAlgorithmName.SHA256);
            int optionalHeader = BitConverter.ToInt32(exe, 0x3C) + 24;
            byte[] withChecksum = (byte[])exe.Clone();
            withChecksum[optionalHeader + 64] ^= 0xFF;
            byte[] withTimestamp = (byte[])exe.Clone();
            withTimestamp[optionalHeader - 24 + 8] ^= 0xFF; // COFF TimeDateStamp: covered

            Assert.Equal(expected, CatalogMemberHasher.ComputeHash(withChecksum, HashAlgorithmName.SHA256));
            Assert.NotEqual(expected, CatalogMemberHasher.ComputeHash(withTimestamp, HashAlgorithmName.SHA256));
        }

        [Fact]
        public void SignedPeImageHashEqualsTheDigestInItsOwnSignature()
        {
            // Independent check of the three holes on a signed PE: the digest Windows signed (PE_IMAGE_DATA).
            byte[] exe = ReadCatalogFixture("test-dual-signed.exe");
            int optionalHeader = BitConverter.ToInt32(exe, 0x3C) + 24;
            int certificateEntry = optionalHeader + (BitConverter.ToUInt16(exe, optionalHeader) == 0x20B ? 144 : 128);
            int tableOffset = BitConverter.ToInt32(exe, certificateEntry);
            int firstCertificateLength = BitConverter.ToInt32(exe, tableOffset);
            byte[] pkcs7 = exe.Skip(tableOffset + 8).Take(firstCertificateLength - 8).ToArray();
            var signed = Scripts.ScriptFixtures.ReadSignedDigest(pkcs7);

            Assert.Equal(PkcsOids.SpcPeImageData, signed.Content.DataTypeOid);
            Assert.True(CatalogMemberHasher.TryComputePeImageHash(exe, signed.Algorithm, out byte[] imageHash, out string? problem), problem);
            Assert.Equal(signed.Digest, imageHash);
        }

        [Fact]
        public void SignedCabinetHashEqualsTheDigestInItsOwnSignature()
        {
            byte[] cabinet = ReadCatalogFixture("signed.ex_");
            int signatureOffset = BitConverter.ToInt32(cabinet, 44);
            int signatureLength = BitConverter.ToInt32(cabinet, 48);
            byte[] pkcs7 = cabinet.Skip(signatureOffset).Take(signatureLength).ToArray();
            var signed = Scripts.ScriptFixtures.ReadSignedDigest(pkcs7);

            Assert.True(CatalogMemberHasher.TryComputeCabinetHash(cabinet, signed.Algorithm, out byte[] cabinetHash));
            Assert.Equal(signed.Digest, cabinetHash);
        }

        [Fact]
        public void UnsignedPeImageHashIsZeroPaddedToEightBytes()
        {
            byte[] exe = ReadCatalogFixture("unsigned.exe");
            Assert.NotEqual(0, exe.Length % 8); // the sample really needs the padding
            byte[] padded = exe.Concat(new byte[8 - (exe.Length % 8)]).ToArray();

            Assert.Equal(
                CatalogMemberHasher.ComputeHash(exe, HashAlgorithmName.SHA256),
                CatalogMemberHasher.ComputeHash(padded, HashAlgorithmName.SHA256));
        }

        [Fact]
        public void NotACatalogIsMalformedWithAProblem()
        {
            // A PKCS#7 SignedData whose content is SpcIndirectDataContent (a script signature), not a trust list.
            byte[] scriptSignature = ScriptSignatureParser.Parse("signed.ps1", Scripts.ScriptFixtures.ReadScript("signed.ps1")).Pkcs7!;
            CatalogParseResult result = CatalogFile.TryParse(scriptSignature);

            Assert.False(result.Success);
            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
            Assert.Contains(result.Problems, p => p.Contains("not a certificate trust list"));
        }

        [Fact]
        public void TrailingBytesAfterTheCatalogAreUnexpectedData()
        {
            byte[] withTrailer = ReadCatalogFixture("signed.cat").Concat(new byte[] { 1, 2, 3 }).ToArray();
            CatalogParseResult result = CatalogFile.TryParse(withTrailer);

            Assert.True(result.Success);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.FormatStatus);
            Assert.Equal(ReadCatalogFixture("signed.cat"), result.Catalog!.GetPkcs7());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(100)]
        public void TruncatedCatalogIsMalformed(int keep)
        {
            byte[] truncated = ReadCatalogFixture("signed.cat").Take(keep).ToArray();
            CatalogParseResult result = CatalogFile.TryParse(truncated);

            Assert.False(result.Success);
            Assert.Equal(AuthenticodeStatus.Malformed, result.FormatStatus);
            Assert.NotEmpty(result.Problems);
        }
    }
}
