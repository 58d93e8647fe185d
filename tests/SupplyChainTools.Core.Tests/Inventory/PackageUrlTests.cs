using SupplyChainTools.Core.Inventory;

namespace SupplyChainTools.Core.Tests.Inventory
{
    /// <summary>Package URLs as the purl specification's examples and type rules write them.</summary>
    public sealed class PackageUrlTests
    {
        [Fact]
        public void NpmScopeIsANamespaceWithItsAtSignEncoded() =>
            Assert.Equal("pkg:npm/%40angular/animation@12.3.1", PackageUrl.Npm("@angular/animation", "12.3.1"));

        [Fact]
        public void NpmWithoutScope() => Assert.Equal("pkg:npm/foobar@12.3.1", PackageUrl.Npm("foobar", "12.3.1"));

        [Theory]
        [InlineData("Django_Allauth", "pkg:pypi/django-allauth@12.23")]
        [InlineData("zope.interface", "pkg:pypi/zope-interface@12.23")]
        [InlineData("A__B-.c", "pkg:pypi/a-b-c@12.23")]
        public void PyPINamesAreNormalised(string name, string purl) => Assert.Equal(purl, PackageUrl.PyPI(name, "12.23"));

        [Fact]
        public void DebianCarriesArchAndEncodesTheEpoch() =>
            Assert.Equal("pkg:deb/debian/curl@1%3A7.50.3-1?arch=i386", PackageUrl.Deb("debian", "curl", "1:7.50.3-1", "i386"));

        [Fact]
        public void NuGetKeepsTheIdsCase() => Assert.Equal("pkg:nuget/EnterpriseLibrary.Common@6.0.1304", PackageUrl.NuGet("EnterpriseLibrary.Common", "6.0.1304"));

        [Fact]
        public void QualifierValuesArePercentEncoded() =>
            Assert.Equal("pkg:nuget/Az@1.0.0?repository_url=https%3A%2F%2Fwww.powershellgallery.com%2Fapi%2Fv2", PackageUrl.NuGet("Az", "1.0.0", "https://www.powershellgallery.com/api/v2"));

        [Fact]
        public void ApkNamesAreLowerCase() => Assert.Equal("pkg:apk/alpine/curl@7.83.0-r0?arch=x86", PackageUrl.Apk("alpine", "Curl", "7.83.0-r0", "x86"));

        [Fact]
        public void GenericWithoutVersion() => Assert.Equal("pkg:generic/openssl", PackageUrl.Generic("openssl", null));

        [Fact]
        public void NonAsciiIsEncodedAsUtf8() => Assert.Equal("pkg:generic/caf%C3%A9@1", PackageUrl.Generic("caf\u00e9", "1"));
    }
}
