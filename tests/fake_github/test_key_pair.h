// An RSA key pair made in the test process, as a GitHub App's would be: the private key in
// PKCS#1 PEM (what GitHub hands out) and PKCS#8, the public key for the fake to verify JWTs.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace issuelint::testing {

struct TestKeyPair {
  std::string private_pkcs1;
  std::string private_pkcs8;
  std::string public_pem;
};

namespace detail {

inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

template <typename Write>
std::string pem_text(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || write(bio.get()) != 1) throw std::runtime_error("cannot write a PEM key");
  return bio_text(bio.get());
}

}  // namespace detail

inline TestKeyPair make_test_key_pair() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  if (!key) throw std::runtime_error("cannot generate an RSA key");
  TestKeyPair pair;
  // PKCS#1 ("BEGIN RSA PRIVATE KEY") is what GitHub hands out; the traditional writer makes it.
  pair.private_pkcs1 = detail::pem_text([&](BIO* bio) {
    return PEM_write_bio_PrivateKey_traditional(bio, key.get(), nullptr, nullptr, 0, nullptr,
                                                nullptr);
  });
  pair.private_pkcs8 = detail::pem_text([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  pair.public_pem =
      detail::pem_text([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key.get()); });
  return pair;
}

// RSA generation is slow under ASan: once per test program.
inline const TestKeyPair& test_key_pair() {
  static const TestKeyPair keys = make_test_key_pair();
  return keys;
}

}  // namespace issuelint::testing
