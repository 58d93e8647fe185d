using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    /// <summary>The computed digest equals the digest inside each real signature.</summary>
    public sealed class ScriptDigestCorpusTests
    {
        public static IEnumerable<object[]> SignedCorpusScripts() =>
            Directory.EnumerateFiles(ScriptFixtures.ScriptsDirectory)
                .Where(ScriptSignatureParser.IsScriptFileType)
                .Select(Path.GetFileName)
                .Where(name => !name!.StartsWith("removed", System.StringComparison.Ordinal) && !name.StartsWith("unsigned", System.StringComparison.Ordinal))
                .OrderBy(name => name, System.StringComparer.Ordinal)
                .Select(name => new object[] { name! });

        public static IEnumerable<object[]> UnsignedCorpusScripts() =>
            Directory.EnumerateFiles(ScriptFixtures.ScriptsDirectory)
                .Where(ScriptSignatureParser.IsScriptFileType)
                .Select(Path.GetFileName)
                .Where(name => name!.StartsWith("removed", System.StringComparison.Ordinal) || name.StartsWith("unsigned", System.StringComparison.Ordinal))
                .OrderBy(name => name, System.StringComparer.Ordinal)
                .Select(name => new object[] { name! });

        [Fact]
        public void CorpusHasTheExpectedSamples()
        {
            // signed/nested/revoked/ts_cert/ts_expired/ts_revoked x (ps1 psm1 psd1 psc1 mof + ps1 _lf/_utf16/_utf8bom) + 3 openauthenticode.
            Assert.Equal(6 * 8 + 3, SignedCorpusScripts().Count());
            Assert.Equal(8 + 3, UnsignedCorpusScripts().Count());
        }

        [Theory]
        [MemberData(nameof(SignedCorpusScripts))]
        public void SignedCorpusScriptDigestMatchesItsSignature(string name)
        {
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, ScriptFixtures.ReadScript(name));

            Assert.True(result.IsScriptType);
            Assert.True(result.HasSignatureBlock);
            Assert.Null(result.FormatStatus);
            Assert.Empty(result.Problems);
            var signed = ScriptFixtures.ReadSignedDigest(result.Pkcs7!);
            Assert.Equal(PkcsOids.SpcSipInfo, signed.Content.DataTypeOid);
            Assert.Equal(SpcIndirectData.PowerShellSipGuid, signed.Content.ReadSipGuid());
            Assert.Equal(signed.Digest, result.ComputeDigest(signed.Algorithm));
        }

        [Theory]
        [MemberData(nameof(UnsignedCorpusScripts))]
        public void UnsignedOrRemovedCorpusScriptIsNotSigned(string name)
        {
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, ScriptFixtures.ReadScript(name));

            Assert.True(result.IsScriptType);
            Assert.False(result.HasSignatureBlock);
            Assert.Null(result.Pkcs7);
            Assert.Equal(AuthenticodeStatus.NotSigned, result.FormatStatus);
        }

        [Theory]
        [InlineData("signed_utf16.ps1", "UTF-16LE (BOM)", true)]
        [InlineData("signed_utf8bom.ps1", "UTF-8 (BOM)", true)]
        [InlineData("signed.ps1", "UTF-8", false)]
        [InlineData("signed.mof", "UTF-16LE (BOM)", true)]
        [InlineData("signed_lf.ps1", "UTF-8", false)]
        public void EncodingIsDetectedAsExpected(string name, string expectedEncoding, bool expectedBom)
        {
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, ScriptFixtures.ReadScript(name));

            Assert.Equal(expectedEncoding, result.DetectedEncoding);
            Assert.Equal(expectedBom, result.HasByteOrderMark);
        }

        [Theory]
        [InlineData("nested.ps1")]
        [InlineData("nested.psc1")]
        [InlineData("nested.mof")]
        [InlineData("nested_utf16.ps1")]
        [InlineData("nested_lf.ps1")]
        public void NestedSignatureDigestAlsoMatches(string name)
        {
            const string NestedSignatureOid = "1.3.6.1.4.1.311.2.4.1";
            ScriptSignatureParseResult result = ScriptSignatureParser.Parse(name, ScriptFixtures.ReadScript(name));
            var cms = new SignedCms();
            cms.Decode(result.Pkcs7!);
            CryptographicAttributeObject nestedAttribute = cms.SignerInfos[0].UnsignedAttributes
                .Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == NestedSignatureOid);

            Assert.NotEmpty(nestedAttribute.Values);
            foreach (AsnEncodedData value in nestedAttribute.Values)
            {
                var nested = ScriptFixtures.ReadSignedDigest(value.RawData);
                Assert.Equal(nested.Digest, result.ComputeDigest(nested.Algorithm));
            }
        }
    }
}
