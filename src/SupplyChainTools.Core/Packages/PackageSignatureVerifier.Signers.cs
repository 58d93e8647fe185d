using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Security.Cryptography.Pkcs;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Packages
{
    /// <summary>The signer half of a package verdict: signature types, the repository countersignature and trusted signers.</summary>
    public sealed partial class PackageSignatureVerifier
    {
        private const int MaximumOwners = 256;

        /// <summary>Author (proof of origin), Repository (proof of receipt) or Unknown, from the commitment-type-indication attribute.</summary>
        internal static string ReadSignatureType(IReadOnlyList<CmsAttribute> signedAttributes)
        {
            CmsAttribute? attribute = signedAttributes.FirstOrDefault(candidate => candidate.Oid == PkcsOids.CommitmentTypeIndicationAttribute);
            if (attribute == null || attribute.Values.Count != 1)
            {
                return PackageSignatureTypes.Unknown;
            }

            AsnReader indication = new AsnReader(attribute.Values[0], AsnEncodingRules.BER).ReadSequence();
            string oid = indication.ReadObjectIdentifier();
            return oid == PkcsOids.ProofOfOrigin ? PackageSignatureTypes.Author
                : oid == PkcsOids.ProofOfReceipt ? PackageSignatureTypes.Repository
                : PackageSignatureTypes.Unknown;
        }

        internal static string? ReadServiceIndex(IReadOnlyList<CmsAttribute> signedAttributes)
        {
            CmsAttribute? attribute = signedAttributes.FirstOrDefault(candidate => candidate.Oid == PkcsOids.NuGetV3ServiceIndexUrl);
            return attribute == null || attribute.Values.Count != 1
                ? null
                : new AsnReader(attribute.Values[0], AsnEncodingRules.BER).ReadCharacterString(UniversalTagNumber.IA5String);
        }

        internal static string[] ReadOwners(IReadOnlyList<CmsAttribute> signedAttributes)
        {
            CmsAttribute? attribute = signedAttributes.FirstOrDefault(candidate => candidate.Oid == PkcsOids.NuGetPackageOwners);
            if (attribute == null || attribute.Values.Count != 1)
            {
                return Array.Empty<string>();
            }

            var owners = new List<string>();
            AsnReader sequence = new AsnReader(attribute.Values[0], AsnEncodingRules.BER).ReadSequence();
            while (sequence.HasData)
            {
                if (owners.Count >= MaximumOwners)
                {
                    throw new FormatException("The nuget-package-owners attribute lists more than " + MaximumOwners + " owners.");
                }

                owners.Add(sequence.ReadCharacterString(UniversalTagNumber.UTF8String));
            }

            return owners.ToArray();
        }

        private PackageCountersignature? VerifyCountersignature(CmsSignedData signedData, CmsSignerInfo primary, SignedCms cms, string path, List<PackageProblem> problems, List<SignatureProblem> counterProblems)
        {
            List<ReadOnlyMemory<byte>> values = primary.UnsignedAttributes
                .Where(attribute => attribute.Oid == PkcsOids.CountersignatureAttribute)
                .SelectMany(attribute => attribute.Values)
                .ToList();
            if (values.Count == 0)
            {
                return null;
            }

            if (values.Count > 1)
            {
                problems.Add(new PackageProblem(AuthenticodeStatus.Malformed, NuGetCodes.InvalidSignatureFile, "The signature has " + values.Count + " countersignatures; NuGet allows one repository countersignature."));
            }

            CmsSignerInfo raw = CmsSignerInfo.Decode(values[0]);
            var countersignature = new PackageCountersignature
            {
                ServiceIndex = ReadServiceIndex(raw.SignedAttributes),
                Owners = ReadOwners(raw.SignedAttributes),
            };
            if (ReadSignatureType(raw.SignedAttributes) != PackageSignatureTypes.Repository)
            {
                counterProblems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "It is not a repository countersignature (its commitment type is not proof of receipt)."));
            }

            SignerInfoCollection counterSigners = cms.SignerInfos[0].CounterSignerInfos;
            if (counterSigners.Count == 0)
            {
                counterProblems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The platform cannot decode the countersignature."));
                return countersignature;
            }

            var counterResult = new AuthenticodeSignature(path, "NuGet");
            _signatures.VerifyCmsCounterSigner(signedData, raw, counterSigners[0], counterResult, counterProblems);
            countersignature.SignerSubject = counterResult.SignerSubject;
            countersignature.SignerThumbprint = counterResult.SignerThumbprint;
            countersignature.SignerFingerprint = counterResult.SignerCertificate == null ? null : Thumbprint.Sha256Of(counterResult.SignerCertificate);
            countersignature.RootSubject = counterResult.RootSubject;
            countersignature.TimestampUtc = counterResult.TimestampUtc;
            countersignature.TimestampSigner = counterResult.TimestampSigner;
            return countersignature;
        }

        private static void FinishCountersignature(PackageCountersignature countersignature, List<PackageProblem> problems)
        {
            countersignature.Problems = problems.Select(problem => problem.Message).ToArray();
            PackageProblem? worst = PackageProblem.MostSerious(problems);
            countersignature.Status = worst?.Status ?? AuthenticodeStatus.Valid;
            countersignature.StatusMessage = worst?.Message ?? "Repository countersignature by '" + countersignature.SignerSubject + "' is valid.";
        }

        /// <summary>
        /// nuget.config trustedSigners: with none configured every signer may pass. Otherwise the author signature's
        /// certificate must be a trusted author's, or the repository signature's (primary or countersignature) a trusted
        /// repository's with one of its owners. Returns whether the primary's root may be untrusted (allowUntrustedRoot).
        /// </summary>
        private bool CheckTrustedSigners(PackageSignature result, PackageCountersignature? countersignature, List<PackageProblem> problems, out bool counterRootAllowed)
        {
            counterRootAllowed = false;
            if (_options.TrustedSigners.Count == 0)
            {
                return false;
            }

            bool primaryIsRepository = result.SignatureType == PackageSignatureTypes.Repository;
            foreach (PackageTrustedSigner signer in _options.TrustedSigners)
            {
                if (signer.Kind != PackageTrustedSigner.Repository && !primaryIsRepository && Matches(signer, result.SignerFingerprint, null))
                {
                    return signer.UntrustedRootFingerprints.Contains(result.SignerFingerprint!);
                }

                if (signer.Kind != PackageTrustedSigner.Author && primaryIsRepository && Matches(signer, result.SignerFingerprint, result.Owners))
                {
                    return signer.UntrustedRootFingerprints.Contains(result.SignerFingerprint!);
                }

                if (signer.Kind != PackageTrustedSigner.Author && countersignature != null && Matches(signer, countersignature.SignerFingerprint, countersignature.Owners))
                {
                    counterRootAllowed = signer.UntrustedRootFingerprints.Contains(countersignature.SignerFingerprint!);
                    return false;
                }
            }

            problems.Add(new PackageProblem(AuthenticodeStatus.PublisherNotAllowed, NuGetCodes.NotTrustedSigner, "No trusted signer matches the package's signature (author '" + result.SignerSubject + "' " + result.SignerFingerprint
                + (countersignature != null ? "; repository '" + countersignature.SignerSubject + "' " + countersignature.SignerFingerprint : string.Empty) + ")."));
            return false;
        }

        private static bool Matches(PackageTrustedSigner signer, string? fingerprint, string[]? owners) =>
            fingerprint != null && signer.Fingerprints.Contains(fingerprint)
            && (owners == null || signer.Owners.Count == 0 || owners.Any(signer.Owners.Contains));
    }
}
