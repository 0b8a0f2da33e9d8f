// Sign-in: the token is checked by the server (POST /console/session, which sets the HttpOnly
// page cookie) and kept in sessionStorage for the API calls' Authorization header.
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const token = document.getElementById('token').value.trim();
  if (!token) {
    error.textContent = 'Paste an admin token.';
    return;
  }
  let response;
  try {
    response = await fetch('session', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + token },
      credentials: 'same-origin',
    });
  } catch (e) {
    error.textContent = 'The KBS did not answer: ' + e.message;
    return;
  }
  if (response.status === 204) {
    sessionStorage.setItem('kbsAdminToken', token);
    location.replace('./');
    return;
  }
  let detail = 'HTTP ' + response.status;
  try {
    detail = (await response.json()).detail || detail;
  } catch (e) {
    // not JSON: keep the status
  }
  error.textContent = 'Refused: ' + detail;
});
