using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>Catalog shapes the corpus lacks, built with AsnWriter: hex-text identifiers (as MakeCat writes for SHA1 catalogs).</summary>
    public sealed class SyntheticCatalogTests
    {
        private static byte[] BuildUnsignedCatalog(byte[] memberIdentifier, string fileName)
        {
            var ctl = new AsnWriter(AsnEncodingRules.DER);
            using (ctl.PushSequence())
            {
                using (ctl.PushSequence())
                {
                    ctl.WriteObjectIdentifier(CatalogFile.CatalogListUsageOid);
                }

                ctl.WriteOctetString(new byte[] { 1, 2, 3, 4 });
                ctl.WriteUtcTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
                using (ctl.PushSequence())
                {
                    ctl.WriteObjectIdentifier(CatalogFile.CatalogMemberListSha1Oid);
                    ctl.WriteNull();
                }

                using (ctl.PushSequence())
                using (ctl.PushSequence())
                {
                    ctl.WriteOctetString(memberIdentifier);
                    using (ctl.PushSetOf())
                    using (ctl.PushSequence())
                    {
                        ctl.WriteObjectIdentifier(CatalogFile.NameValueOid);
                        using (ctl.PushSetOf())
                        using (ctl.PushSequence())
                        {
                            ctl.WriteCharacterString(UniversalTagNumber.BMPString, "File");
                            ctl.WriteInteger(0x10010001);
                            ctl.WriteOctetString(Encoding.Unicode.GetBytes(fileName + "\0"));
                        }
                    }
                }
            }

            var contentInfo = new AsnWriter(AsnEncodingRules.DER);
            using (contentInfo.PushSequence())
            {
                contentInfo.WriteObjectIdentifier("1.2.840.113549.1.7.2");
                using (contentInfo.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                using (contentInfo.PushSequence())
                {
                    contentInfo.WriteInteger(1);
                    using (contentInfo.PushSetOf())
                    {
                    }

                    using (contentInfo.PushSequence())
                    {
                        contentInfo.WriteObjectIdentifier(PkcsOids.CertificateTrustList);
                        using (contentInfo.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                        {
                            contentInfo.WriteEncodedValue(ctl.Encode());
                        }
                    }

                    using (contentInfo.PushSetOf())
                    {
                    }
                }
            }

            return contentInfo.Encode();
        }

        [Fact]
        public void Utf16HexTextIdentifierIsMatchedByTheRawDigest()
        {
            byte[] file = Encoding.ASCII.GetBytes("Write-Host 'listed by hex text'\r\n");
            byte[] sha1 = SHA1.HashData(file);
            byte[] identifier = Encoding.Unicode.GetBytes(Convert.ToHexString(sha1) + "\0");

            CatalogParseResult result = CatalogFile.TryParse(BuildUnsignedCatalog(identifier, "script.ps1"));

            Assert.True(result.Success, string.Join("; ", result.Problems));
            CatalogFile catalog = result.Catalog!;
            Assert.Equal(0, catalog.SignerCount);
            Assert.Equal(CatalogFile.CatalogMemberListSha1Oid, catalog.MemberListAlgorithmOid);
            Assert.Equal(Convert.ToHexString(sha1), catalog.Members[0].IdentifierText);
            Assert.Equal("script.ps1", catalog.FindMember(sha1)?.FileName);
            Assert.Equal("script.ps1", catalog.FindMemberForFile(file)?.FileName);
            Assert.Null(catalog.FindMemberForFile(Encoding.ASCII.GetBytes("Write-Host 'not listed'\r\n")));
        }

        [Fact]
        public void ContentThatIsNotACatalogListIsMalformed()
        {
            byte[] catalog = BuildUnsignedCatalog(new byte[20], "x");
            // Swap the subject usage for another OID of the same length (...12.1.1 -> ...12.1.9).
            int usageTag = IndexOfOid(catalog, CatalogFile.CatalogListUsageOid);
            catalog[usageTag + 2 + 9] = 0x09; // tag, length, then 10 content bytes; the last is the final arc

            CatalogParseResult result = CatalogFile.TryParse(catalog);

            Assert.False(result.Success);
            Assert.Contains(result.Problems, p => p.Contains("subject usage"));
        }

        private static int IndexOfOid(byte[] haystack, string oid)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteObjectIdentifier(oid);
            byte[] needle = writer.Encode();
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return i; // index of the tag byte
                }
            }

            throw new InvalidOperationException("OID not found");
        }
    }
}
