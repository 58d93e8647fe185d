using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Scripts
{
    /// <summary>Locates fixtures and reads the signed digest out of a PKCS#7 blob.</summary>
    internal static class ScriptFixtures
    {
        internal static string ScriptsDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "authenticode", "scripts");

        internal static string ScriptPath(string name) => Path.Combine(ScriptsDirectory, name);

        internal static byte[] ReadScript(string name) => File.ReadAllBytes(ScriptPath(name));

        /// <summary>The PowerShell 7.6.9 tool's Modules folders (unix and win), when the package is restored.</summary>
        internal static IReadOnlyList<string> PowerShellModuleFolders()
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string tool = Path.Combine(packages, "powershell", "7.6.9", "tools", "net10.0", "any");
            return new[] { Path.Combine(tool, "unix", "Modules"), Path.Combine(tool, "win", "Modules") }
                .Where(Directory.Exists).ToArray();
        }

        /// <summary>Every script-type file under the PowerShell modules folders that carries a signature block, in any encoding.</summary>
        internal static IReadOnlyList<string> SignedPowerShellModuleScripts()
        {
            var result = new List<string>();
            foreach (string folder in PowerShellModuleFolders())
            {
                foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    if (ScriptSignatureParser.IsScriptFileType(file) &&
                        ScriptSignatureParser.Parse(file, File.ReadAllBytes(file)).HasSignatureBlock)
                    {
                        result.Add(file);
                    }
                }
            }

            result.Sort(StringComparer.Ordinal);
            return result;
        }

        /// <summary>The digest algorithm and digest the signature's SpcIndirectDataContent carries.</summary>
        internal static (HashAlgorithmName Algorithm, byte[] Digest, SpcIndirectData Content) ReadSignedDigest(byte[] pkcs7)
        {
            Assert.True(
                CmsSignedData.TryReadEncapsulatedContent(pkcs7, out string contentType, out byte[] content, out _, out string? problem),
                problem);
            Assert.Equal(PkcsOids.SpcIndirectDataContent, contentType);
            Assert.True(SpcIndirectData.TryDecode(content, out SpcIndirectData? decoded));
            Assert.NotNull(decoded);
            Assert.True(DigestAlgorithms.TryFromOid(decoded!.DigestAlgorithmOid, out HashAlgorithmName algorithm), decoded.DigestAlgorithmOid);
            return (algorithm, decoded.Digest, decoded);
        }
    }
}
