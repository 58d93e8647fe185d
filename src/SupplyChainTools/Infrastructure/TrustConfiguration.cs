using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// Builds Authenticode options from the module's shipped roots (the Microsoft Trusted Root Program's
    /// code-signing and time-stamping roots, copied from the .NET SDK at build time) and the user's parameters.
    /// Roots and default verifiers are loaded once per process: materialising 600+ certificates costs more
    /// than verifying a typical file, and chain verdicts cached by a verifier pay off across invocations.
    /// </summary>
    internal static class TrustConfiguration
    {
        private static readonly Lazy<(X509Certificate2Collection CodeSigning, X509Certificate2Collection Timestamp)> DefaultRoots =
            new Lazy<(X509Certificate2Collection, X509Certificate2Collection)>(LoadDefaultRoots);

        private const int MaxConfiguredVerifiers = 8;

        private static readonly ConcurrentDictionary<string, AuthenticodeVerifier> SharedVerifiers = new ConcurrentDictionary<string, AuthenticodeVerifier>();

        /// <summary>Verifiers for explicit trust parameters, by <see cref="SharingKey"/>: a script calling a cmdlet in a loop with the same -TrustedRootCertificate builds one.</summary>
        private static readonly BoundedCache<string, AuthenticodeVerifier> ConfiguredVerifiers = new BoundedCache<string, AuthenticodeVerifier>(MaxConfiguredVerifiers, StringComparer.Ordinal);

        public static string TrustedRootsFolder
        {
            get
            {
                // bin/<framework>/SupplyChainTools.dll -> <module>/TrustedRoots
                string assemblyFolder = Path.GetDirectoryName(typeof(TrustConfiguration).Assembly.Location) ?? ".";
                return Path.GetFullPath(Path.Combine(assemblyFolder, "..", "..", "TrustedRoots"));
            }
        }

        /// <summary>A verifier trusting the shipped roots and the OS store, shared by the process (with its chain cache).</summary>
        public static AuthenticodeVerifier CreateDefaultVerifier(PSCmdlet cmdlet) =>
            Create(cmdlet, noDefaultTrust: false, () => SharedVerifiers.GetOrAdd("default", _ => new AuthenticodeVerifier(BuildOptions(noDefaultTrust: false))));

        /// <summary>A verifier for the cmdlet's trust parameters; without any, the shared default one.</summary>
        public static AuthenticodeVerifier CreateVerifier<TCmdlet>(TCmdlet cmdlet)
            where TCmdlet : SupplyChainCmdlet, ITrustParameters
        {
            if (IsDefault(cmdlet))
            {
                return CreateDefaultVerifier(cmdlet);
            }

            string? key = SharingKey(cmdlet);
            return Create(cmdlet, cmdlet.NoDefaultTrust, () => key == null
                ? new AuthenticodeVerifier(BuildOptions(cmdlet))
                : ConfiguredVerifiers.GetOrAdd(key, _ => new AuthenticodeVerifier(BuildOptions(cmdlet))));
        }

        /// <summary>
        /// What makes two calls' trust the same: the switches, the time, the pins, and each root as a certificate
        /// thumbprint or a file's path, length and last write time (a changed file is read again). Null when the
        /// verifier must be new: CRL files and online revocation are judged afresh per call, and an input that does
        /// not resolve is left to <see cref="BuildOptions{TCmdlet}"/> to report.
        /// </summary>
        private static string? SharingKey(ITrustParameters trust)
        {
            if ((trust.CrlPath != null && trust.CrlPath.Length > 0) || trust.OnlineRevocation || !(trust is PSCmdlet cmdlet))
            {
                return null;
            }

            var parts = new List<string>
            {
                trust.NoDefaultTrust.IsPresent + "|" + trust.RejectSha1.IsPresent + "|" + (ToUtc(trust.VerificationTime)?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "now"),
                string.Join(",", (trust.TrustedPublisher ?? Array.Empty<string>()).Select(Thumbprint.Normalize).OrderBy(pin => pin, StringComparer.Ordinal)),
            };
            foreach (object input in trust.TrustedRootCertificate ?? Array.Empty<object>())
            {
                object value = input is PSObject wrapped ? wrapped.BaseObject : input;
                if (value is X509Certificate2 certificate)
                {
                    parts.Add(certificate.Thumbprint);
                    continue;
                }

                string? path = value is FileInfo file ? file.FullName : value as string;
                if (path == null)
                {
                    return null;
                }

                try
                {
                    string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                    var info = new FileInfo(resolved);
                    if (provider.Name != "FileSystem" || !info.Exists)
                    {
                        return null;
                    }

                    parts.Add(info.FullName + "|" + info.Length + "|" + info.LastWriteTimeUtc.Ticks);
                }
                catch (Exception ex) when (ex is ArgumentException || ex is IOException || ex is NotSupportedException || ex is UnauthorizedAccessException || ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
                {
                    return null;
                }
            }

            return string.Join("\n", parts);
        }

        private static AuthenticodeVerifier Create(PSCmdlet cmdlet, bool noDefaultTrust, Func<AuthenticodeVerifier> create)
        {
            try
            {
                return create();
            }
            catch (Exception ex) when (ex is NotARegularFileException || ex is InputFileTooLargeException)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.ForFileFailure(ex, ErrorRecords.PathOf(ex) ?? string.Empty));
                throw;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.Cryptography.CryptographicException || ex is FormatException || ex is InvalidDataException)
            {
                bool rootsMissing = !File.Exists(Path.Combine(TrustedRootsFolder, TrustedRootStore.CodeSigningBundleFileName));
                string id = rootsMissing && !noDefaultTrust ? ErrorIds.TrustedRootsMissing : ErrorIds.InvalidTrustConfiguration;
                string message = id == ErrorIds.TrustedRootsMissing
                    ? $"The module's trusted roots are missing or unreadable in '{TrustedRootsFolder}' ({ex.Message}). Reinstall the module."
                    : $"The trust configuration could not be loaded: {ex.Message}";
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidDataException(message, ex), id, ErrorCategory.InvalidData, null));
                throw;
            }
        }

        /// <summary>A time without a zone (typed as '2019-09-01') is taken as UTC, as signing times are; a local time is converted.</summary>
        private static DateTime? ToUtc(DateTime? time)
        {
            if (time == null)
            {
                return null;
            }

            return time.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time.Value, DateTimeKind.Utc) : time.Value.ToUniversalTime();
        }

        private static bool IsDefault(ITrustParameters trust) =>
            (trust.TrustedRootCertificate == null || trust.TrustedRootCertificate.Length == 0) && !trust.NoDefaultTrust
            && (trust.TrustedPublisher == null || trust.TrustedPublisher.Length == 0) && trust.VerificationTime == null
            && (trust.CrlPath == null || trust.CrlPath.Length == 0) && !trust.OnlineRevocation && !trust.RejectSha1;

        /// <summary>The default trust as options (the shipped roots and the OS store), for Core entries that build their own verifier.</summary>
        public static AuthenticodeOptions CreateDefaultOptions() => BuildOptions(noDefaultTrust: false);

        /// <summary>The options with the shipped roots unless <paramref name="noDefaultTrust"/>; nothing else.</summary>
        private static AuthenticodeOptions BuildOptions(bool noDefaultTrust, DateTime? verificationTime = null, bool onlineRevocation = false, bool failOnSha1 = false)
        {
            var options = new AuthenticodeOptions
            {
                UseOperatingSystemTrust = !noDefaultTrust,
                VerificationTime = ToUtc(verificationTime),
                OnlineRevocation = onlineRevocation,
                FailOnSha1 = failOnSha1,
            };

            if (!noDefaultTrust)
            {
                var (codeSigning, timestamp) = DefaultRoots.Value;
                options.CodeSigningRoots.AddRange(codeSigning);
                options.TimestampRoots.AddRange(timestamp);
            }

            return options;
        }

        private static AuthenticodeOptions BuildOptions<TCmdlet>(TCmdlet cmdlet)
            where TCmdlet : SupplyChainCmdlet, ITrustParameters
        {
            bool noDefaultTrust = cmdlet.NoDefaultTrust.IsPresent;
            AuthenticodeOptions options = BuildOptions(noDefaultTrust, cmdlet.VerificationTime, cmdlet.OnlineRevocation.IsPresent, cmdlet.RejectSha1.IsPresent);
            foreach (X509Certificate2 root in ResolveCertificates(cmdlet, cmdlet.TrustedRootCertificate))
            {
                options.CodeSigningRoots.Add(root);
                options.TimestampRoots.Add(root);
            }

            if (noDefaultTrust && options.CodeSigningRoots.Count == 0)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-NoDefaultTrust needs -TrustedRootCertificate: with no roots at all nothing could be trusted."),
                    ErrorIds.NoTrustedRoots,
                    ErrorCategory.InvalidArgument,
                    null));
            }

            foreach (string thumbprint in cmdlet.TrustedPublisher ?? Array.Empty<string>())
            {
                string normalized = Thumbprint.Normalize(thumbprint);
                if (!Thumbprint.IsWellFormed(normalized))
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-TrustedPublisher '{thumbprint}' is not a certificate thumbprint (40 hex digits for SHA-1, 64 for SHA-256)."),
                        ErrorIds.InvalidTrustedPublisher,
                        ErrorCategory.InvalidArgument,
                        thumbprint));
                }

                options.TrustedPublisherThumbprints.Add(normalized);
            }

            foreach (string crl in cmdlet.CrlPath ?? Array.Empty<string>())
            {
                string resolved = cmdlet.ResolveInputFilePath(crl, ErrorIds.CrlNotFound)!;
                try
                {
                    InputFileOpener.EnsureRegularFile(resolved, InputKind.RevocationList);
                }
                catch (Exception ex) when (ex is IOException)
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.ForInputFile(ex, resolved, ErrorIds.CrlNotFound, crl));
                }

                options.CrlPaths.Add(resolved);
            }

            return options;
        }

        private static IEnumerable<X509Certificate2> ResolveCertificates(SupplyChainCmdlet cmdlet, object[]? inputs)
        {
            foreach (object input in inputs ?? Array.Empty<object>())
            {
                object value = input is PSObject wrapped ? wrapped.BaseObject : input;
                if (value is X509Certificate2 certificate)
                {
                    yield return certificate;
                    continue;
                }

                if (value is FileInfo file)
                {
                    value = file.FullName;
                }

                if (!(value is string path))
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-TrustedRootCertificate takes certificate objects or paths to PEM or DER files, not {value?.GetType().Name ?? "null"}."),
                        ErrorIds.InvalidTrustedRootCertificate,
                        ErrorCategory.InvalidArgument,
                        value));
                    yield break;
                }

                string resolved = cmdlet.ResolveInputFilePath(path, ErrorIds.InvalidTrustedRootCertificate)!;
                X509Certificate2Collection loaded;
                try
                {
                    loaded = TrustedRootStore.LoadPemBundle(resolved);
                }
                catch (Exception ex) when (ex is NotARegularFileException || ex is InputFileTooLargeException)
                {
                    cmdlet.ThrowTerminatingError(ErrorRecords.ForFileFailure(ex, resolved));
                    yield break;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.Cryptography.CryptographicException || ex is FormatException || ex is InvalidDataException)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new InvalidDataException($"Could not read trusted roots from '{resolved}': {ex.Message}", ex),
                        ErrorIds.InvalidTrustedRootCertificate,
                        ErrorCategory.InvalidData,
                        path));
                    yield break;
                }

                if (loaded.Count == 0)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new InvalidDataException($"'{resolved}' holds no certificate (expected PEM 'BEGIN CERTIFICATE' blocks or one DER certificate)."),
                        ErrorIds.InvalidTrustedRootCertificate,
                        ErrorCategory.InvalidData,
                        path));
                }

                foreach (X509Certificate2 root in loaded)
                {
                    yield return root;
                }
            }
        }

        private static (X509Certificate2Collection, X509Certificate2Collection) LoadDefaultRoots()
        {
            string folder = TrustedRootsFolder;
            AuthenticodeOptions defaults = TrustedRootStore.CreateDefaultOptions(folder);
            return (defaults.CodeSigningRoots, defaults.TimestampRoots);
        }
    }
}
