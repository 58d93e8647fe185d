using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>The outcome of building one signer's chain for one purpose at one time.</summary>
    internal sealed class ChainVerdict
    {
        public ChainVerdict(IReadOnlyList<X509Certificate2> elements, IReadOnlyList<(string Status, string Message)> problems, string? rootSubject, string? rootThumbprint)
        {
            Elements = elements;
            Problems = problems;
            RootSubject = rootSubject;
            RootThumbprint = rootThumbprint;
        }

        /// <summary>Leaf first.</summary>
        public IReadOnlyList<X509Certificate2> Elements { get; }

        public IReadOnlyList<(string Status, string Message)> Problems { get; }

        /// <summary>Subject of the trust anchor the chain ends in; null when it ends in no trusted root.</summary>
        public string? RootSubject { get; }

        public string? RootThumbprint { get; }
    }

    /// <summary>
    /// Builds and judges certificate chains for one purpose (code signing or time stamping) against
    /// the configured anchors. Thread-safe. Verdicts are cached per leaf, per set of extra
    /// certificates and per validity window: every time inside the intersection of the chain's
    /// validity periods yields the same verdict, so a folder of files signed by one publisher (each
    /// timestamped at a different second) builds the chain once. The cache is bounded (least recently used
    /// signers are evicted), so files with thousands of distinct signers keep memory flat.
    /// </summary>
    internal sealed class ChainVerifier
    {
        public const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";
        public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
        private const string AnyExtendedKeyUsage = "2.5.29.37.0";
        private const int MaxCachedVerdictsPerKey = 64;

        /// <summary>Distinct (leaf, extra certificates) keys kept: a tree has a few publishers, and an evicted verdict is only rebuilt.</summary>
        internal const int MaxCachedSigners = 1024;

        private const int MaxSharedVerifiers = 8;

        /// <summary>Thumbprints of root instances seen before (the shipped and bundle roots are the same objects on every call); the platform computes one per request.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, string> RootThumbprints = new System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, string>();

        private static readonly BoundedCache<string, ChainVerifier> SharedVerifiers = new BoundedCache<string, ChainVerifier>(MaxSharedVerifiers, StringComparer.Ordinal);

        private readonly X509Certificate2Collection _roots;
        private readonly HashSet<string> _rootThumbprints;
        private readonly bool _useOperatingSystemTrust;
        private readonly bool _onlineRevocation;
        private readonly IReadOnlyList<CertificateRevocationList> _revocationLists;
        private readonly string _purposeOid;
        private readonly string _purposeName;
        private readonly BoundedCache<string, List<CachedVerdict>> _cache;

        public ChainVerifier(X509Certificate2Collection roots, bool useOperatingSystemTrust, bool onlineRevocation, IReadOnlyList<CertificateRevocationList> revocationLists, string purposeOid, string purposeName, int maxCachedSigners = MaxCachedSigners)
        {
            _cache = new BoundedCache<string, List<CachedVerdict>>(maxCachedSigners, StringComparer.Ordinal);
            _roots = roots;
            _rootThumbprints = new HashSet<string>(roots.Cast<X509Certificate2>().Select(root => root.Thumbprint), StringComparer.OrdinalIgnoreCase);
            _useOperatingSystemTrust = useOperatingSystemTrust && IsWindows;
            _onlineRevocation = onlineRevocation;
            _revocationLists = revocationLists;
            _purposeOid = purposeOid;
            _purposeName = purposeName;
        }

        /// <summary>
        /// A chain verifier for these anchors and this purpose, shared by every verifier built with the same offline trust:
        /// scripts that call a cmdlet in a loop with -TrustedRootCertificate then reuse chain verdicts, as default calls do.
        /// Online revocation and CRL files are judged afresh per verifier, so with either the verifier is a new one.
        /// </summary>
        public static ChainVerifier ForTrust(X509Certificate2Collection roots, bool useOperatingSystemTrust, bool onlineRevocation, IReadOnlyList<CertificateRevocationList> revocationLists, string purposeOid, string purposeName)
        {
            if (onlineRevocation || revocationLists.Count > 0)
            {
                return new ChainVerifier(new X509Certificate2Collection(roots), useOperatingSystemTrust, onlineRevocation, revocationLists, purposeOid, purposeName);
            }

            var thumbprints = roots.Cast<X509Certificate2>().Select(root => RootThumbprints.GetValue(root, certificate => certificate.Thumbprint)).OrderBy(thumbprint => thumbprint, StringComparer.Ordinal);
            string key = purposeOid + "|" + useOperatingSystemTrust + "|" + string.Join(",", thumbprints);
            return SharedVerifiers.GetOrAdd(key, _ => new ChainVerifier(new X509Certificate2Collection(roots), useOperatingSystemTrust, false, revocationLists, purposeOid, purposeName));
        }

        /// <summary>How many distinct signers have cached verdicts; never more than the bound given at construction.</summary>
        internal int CachedSignerCount => _cache.Count;

        /// <summary>
        /// Judges the chain of <paramref name="leaf"/> at <paramref name="chainTime"/>; CRL files are
        /// applied at <paramref name="revocationTime"/> (the signing time when a timestamp proves it).
        /// </summary>
        public ChainVerdict Verify(X509Certificate2 leaf, X509Certificate2Collection extraCertificates, DateTime chainTime, DateTime revocationTime)
        {
            string key = leaf.Thumbprint + "|" + Fingerprint(extraCertificates);
            List<CachedVerdict> entries = _cache.GetOrAdd(key, _ => new List<CachedVerdict>());
            ChainVerdict? verdict = null;
            lock (entries)
            {
                foreach (CachedVerdict entry in entries)
                {
                    if (chainTime >= entry.WindowStart && chainTime <= entry.WindowEnd)
                    {
                        verdict = entry.Verdict;
                        break;
                    }
                }
            }

            if (verdict == null)
            {
                verdict = Build(leaf, extraCertificates, chainTime, out DateTime windowStart, out DateTime windowEnd);
                lock (entries)
                {
                    if (entries.Count >= MaxCachedVerdictsPerKey)
                    {
                        entries.RemoveAt(0);
                    }

                    entries.Add(new CachedVerdict(windowStart, windowEnd, verdict));
                }
            }

            return _revocationLists.Count == 0 ? verdict : ApplyRevocationLists(verdict, revocationTime);
        }

#if NET
        private static bool IsWindows => OperatingSystem.IsWindows();
#else
        private static bool IsWindows => Environment.OSVersion.Platform == PlatformID.Win32NT;
#endif

        private ChainVerdict Build(X509Certificate2 leaf, X509Certificate2Collection extraCertificates, DateTime time, out DateTime windowStart, out DateTime windowEnd)
        {
            var problems = new List<(string Status, string Message)>();
            var elements = new List<X509Certificate2>();
            string? rootSubject = null;
            string? rootThumbprint = null;
            bool timeProblem = false;

            using (var chain = new X509Chain())
            {
                X509ChainPolicy policy = chain.ChainPolicy;
                policy.RevocationMode = _onlineRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
                policy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
                policy.VerificationTime = time.ToLocalTime();
                policy.ApplicationPolicy.Add(new Oid(_purposeOid));
                policy.ExtraStore.AddRange(extraCertificates);
#if NET
                // Offline unless asked: no fetching of missing intermediates from AIA URLs either.
                policy.DisableCertificateDownloads = !_onlineRevocation;
                if (_useOperatingSystemTrust)
                {
                    policy.ExtraStore.AddRange(_roots);
                    policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                }
                else
                {
                    policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    policy.CustomTrustStore.AddRange(_roots);
                }
#else
                policy.ExtraStore.AddRange(_roots);
                policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
#endif
                chain.Build(leaf);

                X509ChainStatusFlags untrustedFlags = 0;
                foreach (X509ChainElement element in chain.ChainElements)
                {
                    // Copied because the chain owns (and on some platforms disposes) its element certificates.
                    elements.Add(CertificateFactory.FromDer(element.Certificate.RawData));
                    foreach (X509ChainStatus status in element.ChainElementStatus)
                    {
                        if (status.Status == X509ChainStatusFlags.NotTimeValid)
                        {
                            timeProblem = true;
                            problems.Add((AuthenticodeStatus.Expired, DescribeTimeProblem(element.Certificate, time)));
                        }
                        else
                        {
                            untrustedFlags |= status.Status;
                        }
                    }
                }

                foreach (X509ChainStatus status in chain.ChainStatus)
                {
                    if (status.Status != X509ChainStatusFlags.NotTimeValid)
                    {
                        untrustedFlags |= status.Status;
                    }
                }

                X509Certificate2 last = elements[elements.Count - 1];
                bool selfSigned = last.SubjectName.RawData.AsSpan().SequenceEqual(last.IssuerName.RawData);
                bool anchoredInOptions = _rootThumbprints.Contains(last.Thumbprint);
                bool anchoredInSystem = _useOperatingSystemTrust && selfSigned && (untrustedFlags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) == 0;
                if (anchoredInOptions || anchoredInSystem)
                {
                    rootSubject = last.Subject;
                    rootThumbprint = last.Thumbprint;
                    untrustedFlags &= ~X509ChainStatusFlags.UntrustedRoot;
                }
                else
                {
                    problems.Add((AuthenticodeStatus.NotTrusted, "The " + _purposeName + " chain of '" + leaf.Subject + "' ends in '" + last.Subject + "', which is not a trusted root."));
                }

                untrustedFlags &= ~(X509ChainStatusFlags.NotTimeNested | X509ChainStatusFlags.CtlNotTimeValid | X509ChainStatusFlags.CtlNotSignatureValid | X509ChainStatusFlags.CtlNotValidForUsage);
                if (!_onlineRevocation)
                {
                    untrustedFlags &= ~(X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation);
                }

                untrustedFlags &= ~(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain);
                if ((untrustedFlags & X509ChainStatusFlags.Revoked) != 0)
                {
                    problems.Add((AuthenticodeStatus.Revoked, "A certificate in the " + _purposeName + " chain of '" + leaf.Subject + "' is revoked."));
                    untrustedFlags &= ~X509ChainStatusFlags.Revoked;
                }

                if ((untrustedFlags & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension)) != 0)
                {
                    problems.Add((AuthenticodeStatus.InvalidCertificateUsage, "The " + _purposeName + " chain of '" + leaf.Subject + "' is not valid for " + _purposeName + "."));
                    untrustedFlags &= ~(X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension);
                }

                if ((untrustedFlags & (X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation)) != 0)
                {
                    problems.Add((AuthenticodeStatus.NotTrusted, "The revocation status of the " + _purposeName + " chain of '" + leaf.Subject + "' could not be determined online."));
                    untrustedFlags &= ~(X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation);
                }

                if (untrustedFlags != 0)
                {
                    problems.Add((AuthenticodeStatus.NotTrusted, "The " + _purposeName + " chain of '" + leaf.Subject + "' is invalid: " + untrustedFlags + "."));
                }
            }

            CheckLeafUsage(leaf, problems);

            // Chain verdicts only change where an element's validity period starts or ends, so a
            // time-valid verdict holds for the whole intersection of the periods.
            if (timeProblem)
            {
                windowStart = time;
                windowEnd = time;
            }
            else
            {
                windowStart = elements.Max(element => element.NotBefore.ToUniversalTime());
                windowEnd = elements.Min(element => element.NotAfter.ToUniversalTime());
            }

            return new ChainVerdict(elements, problems, rootSubject, rootThumbprint);
        }

        private void CheckLeafUsage(X509Certificate2 leaf, List<(string Status, string Message)> problems)
        {
            // RFC 5280 4.2.1.12: without the extension the key is unrestricted, as CryptoAPI treats it. RFC 3161 2.3
            // requires a TSA certificate to carry time stamping as its extended key usage, so it must be present there.
            bool hasPurpose = _purposeOid != TimeStampingEku;
            foreach (X509Extension extension in leaf.Extensions)
            {
                if (extension is X509EnhancedKeyUsageExtension enhancedKeyUsage)
                {
                    hasPurpose = false;
                    foreach (Oid usage in enhancedKeyUsage.EnhancedKeyUsages)
                    {
                        hasPurpose |= usage.Value == _purposeOid || usage.Value == AnyExtendedKeyUsage;
                    }
                }
                else if (extension is X509KeyUsageExtension keyUsage && (keyUsage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
                {
                    problems.Add((AuthenticodeStatus.InvalidCertificateUsage, "The certificate '" + leaf.Subject + "' does not allow digital signatures (key usage " + keyUsage.KeyUsages + ")."));
                }
            }

            if (!hasPurpose)
            {
                problems.Add((AuthenticodeStatus.InvalidCertificateUsage, "The certificate '" + leaf.Subject + "' is not valid for " + _purposeName + " (extended key usage " + _purposeOid + " missing)."));
            }
        }

        private ChainVerdict ApplyRevocationLists(ChainVerdict verdict, DateTime revocationTime)
        {
            List<(string Status, string Message)>? problems = null;
            for (int i = 0; i + 1 < verdict.Elements.Count; i++)
            {
                X509Certificate2 certificate = verdict.Elements[i];
                X509Certificate2 issuer = verdict.Elements[i + 1];
                foreach (CertificateRevocationList list in _revocationLists)
                {
                    DateTime? revoked = list.FindRevocation(certificate, issuer);
                    if (revoked.HasValue && revoked.Value <= revocationTime)
                    {
                        problems = problems ?? new List<(string Status, string Message)>(verdict.Problems);
                        problems.Add((AuthenticodeStatus.Revoked, "The certificate '" + certificate.Subject + "' was revoked on " + revoked.Value.ToString("u") + " (" + System.IO.Path.GetFileName(list.Source) + ")."));
                        break;
                    }
                }
            }

            return problems == null ? verdict : new ChainVerdict(verdict.Elements, problems, verdict.RootSubject, verdict.RootThumbprint);
        }

        private static string DescribeTimeProblem(X509Certificate2 certificate, DateTime time)
        {
            DateTime notBefore = certificate.NotBefore.ToUniversalTime();
            DateTime notAfter = certificate.NotAfter.ToUniversalTime();
            return time < notBefore
                ? "The certificate '" + certificate.Subject + "' is not valid before " + notBefore.ToString("u") + " (checked at " + time.ToString("u") + ")."
                : "The certificate '" + certificate.Subject + "' expired on " + notAfter.ToString("u") + " (checked at " + time.ToString("u") + ").";
        }

        private static string Fingerprint(X509Certificate2Collection certificates)
        {
            var thumbprints = new List<string>(certificates.Count);
            foreach (X509Certificate2 certificate in certificates)
            {
                thumbprints.Add(certificate.Thumbprint);
            }

            thumbprints.Sort(StringComparer.Ordinal);
            return string.Join(",", thumbprints);
        }

        private sealed class CachedVerdict
        {
            public CachedVerdict(DateTime windowStart, DateTime windowEnd, ChainVerdict verdict)
            {
                WindowStart = windowStart;
                WindowEnd = windowEnd;
                Verdict = verdict;
            }

            public DateTime WindowStart { get; }

            public DateTime WindowEnd { get; }

            public ChainVerdict Verdict { get; }
        }
    }
}
