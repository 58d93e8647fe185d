using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>Locates the test material: the running .NET runtime's signed DLLs, the SDK's root bundles and the fixtures.</summary>
    internal static class AuthenticodeTestEnvironment
    {
        private static readonly Lazy<AuthenticodeOptions> MicrosoftOptions = new Lazy<AuthenticodeOptions>(() => TrustedRootStore.CreateDefaultOptions(TrustedRootsFolder));

        /// <summary>shared/Microsoft.NETCore.App/&lt;version&gt; of the running runtime.</summary>
        public static string RuntimeFolder => Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        /// <summary>&lt;dotnet&gt;/sdk/&lt;newest&gt;/trustedroots.</summary>
        public static string TrustedRootsFolder
        {
            get
            {
                string dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeFolder, "..", "..", ".."));
                string? folder = Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
                    .Select(sdk => Path.Combine(sdk, "trustedroots"))
                    .Where(candidate => File.Exists(Path.Combine(candidate, TrustedRootStore.CodeSigningBundleFileName)))
                    .OrderByDescending(candidate => candidate, StringComparer.Ordinal)
                    .FirstOrDefault();
                return folder ?? throw new InvalidOperationException("No .NET SDK trustedroots folder under " + dotnetRoot + ".");
            }
        }

        public static string FixturesFolder => Path.Combine(AppContext.BaseDirectory, "fixtures", "authenticode");

        public static string PeFixture(string name) => Path.Combine(FixturesFolder, "pe", name);

        public static string PkiFixture(string name) => Path.Combine(FixturesFolder, "pki", name);

        public static string[] RuntimeDlls() => Directory.GetFiles(RuntimeFolder, "*.dll").OrderBy(path => path, StringComparer.Ordinal).ToArray();

        /// <summary>Options with the Microsoft roots from the SDK (shared: the bundles are large).</summary>
        public static AuthenticodeOptions MicrosoftRoots => MicrosoftOptions.Value;

        /// <summary>The osslsigncode test PKI as the corpus verifies it: CACert.pem, TSACA.pem, at 2019-09-01.</summary>
        public static AuthenticodeOptions OsslsigncodeOptions(bool withCrls = true, DateTime? at = null)
        {
            var options = new AuthenticodeOptions
            {
                CodeSigningRoots = TrustedRootStore.LoadPemBundle(PkiFixture("CACert.pem")),
                TimestampRoots = TrustedRootStore.LoadPemBundle(PkiFixture("TSACA.pem")),
                VerificationTime = at ?? new DateTime(2019, 9, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            if (withCrls)
            {
                options.CrlPaths.Add(PkiFixture("CACertCRL.pem"));
                options.CrlPaths.Add(PkiFixture("TSACertCRL.pem"));
            }

            return options;
        }

        /// <summary>A fresh copy of a file in a private temporary folder, for tampering.</summary>
        public static string CopyToTemp(string source, TempFolder folder, string? name = null)
        {
            string target = Path.Combine(folder.Path, name ?? Path.GetFileName(source));
            File.Copy(source, target, overwrite: true);
            File.SetAttributes(target, FileAttributes.Normal);
            return target;
        }
    }

    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sct-authenticode-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
