using System.Security.Cryptography.Pkcs;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;
using SupplyChainTools.Core.Tests.Scripts;

namespace SupplyChainTools.Core.Tests.Pkcs
{
    public sealed class CmsSignedDataTests
    {
        [Fact]
        public void TryReadEncapsulatedContentAgreesWithSignedCms()
        {
            foreach (object[] row in ScriptDigestCorpusTests.SignedCorpusScripts())
            {
                string name = (string)row[0];
                byte[] pkcs7 = ScriptSignatureParser.Parse(name, ScriptFixtures.ReadScript(name)).Pkcs7!;
                var cms = new SignedCms();
                cms.Decode(pkcs7);
                Assert.True(CmsSignedData.TryReadEncapsulatedContent(pkcs7, out string contentType, out byte[] content, out int signerCount, out _));
                Assert.Equal(cms.ContentInfo.ContentType.Value, contentType);
                Assert.Equal(cms.ContentInfo.Content, content);
                Assert.Equal(cms.SignerInfos.Count, signerCount);
            }
        }
    }
}
